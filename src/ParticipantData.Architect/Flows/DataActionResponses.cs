using System.Net.Http.Headers;
using System.Text;
using ParticipantData.Architect.DataActions;

namespace ParticipantData.Architect.Flows;

/// <summary>What an endpoint answered a data action's request, or that it did not answer in time.</summary>
public sealed record DataActionResponse(int Status, string Body, bool TimedOut = false)
{
    /// <summary>No answer within the Call Data Action's timeout.</summary>
    public static DataActionResponse Timeout { get; } = new(0, "", TimedOut: true);

    /// <summary>Answered in time with a 2xx status.</summary>
    public bool IsSuccess => !TimedOut && Status is >= 200 and < 300;
}

/// <summary>Sends a data action's request (or answers it as a scenario says) within a timeout.</summary>
public interface IDataActionEndpoint
{
    /// <param name="actionName">The data action's name, as the flow calls it.</param>
    /// <param name="request">The request the action's templates built; null when no definition of the action was loaded.</param>
    /// <param name="timeout">The Call Data Action's timeout; an answer later than this is a timeout.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<DataActionResponse> SendAsync(string actionName, DataActionRequest? request, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>A scripted answer: status, body and a simulated delay (compared with the timeout, never waited for).</summary>
public sealed record ScriptedResponse(int Status, string Body, TimeSpan Delay);

/// <summary>
/// Answers each data action as a scenario says: a scripted response, or the real endpoint for actions listed in
/// <see cref="RealEndpoint"/> (needs <see cref="Http"/>). An action with neither is an error the trace shows.
/// </summary>
public sealed class ScenarioDataActionEndpoint : IDataActionEndpoint
{
    /// <summary>Action name → the scripted answer.</summary>
    /// <value>Default: empty.</value>
    public IReadOnlyDictionary<string, ScriptedResponse> Responses { get; init; } = new Dictionary<string, ScriptedResponse>();

    /// <summary>Actions sent to their real endpoint through <see cref="Http"/>.</summary>
    /// <value>Default: empty.</value>
    public IReadOnlySet<string> RealEndpoint { get; init; } = new HashSet<string>();

    /// <summary>Sends real requests; null when the scenario calls no real endpoint.</summary>
    public HttpDataActionEndpoint? Http { get; init; }

    /// <inheritdoc/>
    public ValueTask<DataActionResponse> SendAsync(string actionName, DataActionRequest? request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Responses.TryGetValue(actionName, out var scripted))
        {
            return ValueTask.FromResult(scripted.Delay >= timeout ? DataActionResponse.Timeout : new DataActionResponse(scripted.Status, scripted.Body));
        }

        if (RealEndpoint.Contains(actionName) && Http is not null)
        {
            return Http.SendAsync(actionName, request, timeout, cancellationToken);
        }

        throw new InvalidOperationException($"no response is given for the data action '{actionName}': give one in the scenario (status and body) or mark it 'endpoint: real'");
    }
}

/// <summary>Sends the request to the action's real endpoint; no answer within the timeout is a timeout.</summary>
public sealed class HttpDataActionEndpoint(HttpClient http, TimeProvider? timeProvider = null) : IDataActionEndpoint
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <inheritdoc/>
    public async ValueTask<DataActionResponse> SendAsync(string actionName, DataActionRequest? request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new InvalidOperationException($"the data action '{actionName}' has no definition loaded, so its request cannot be built: pass --data-actions with its export");
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        string? contentType = null;
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        using var timer = new CancellationTokenSource(timeout, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            using var response = await http.SendAsync(message, deadline.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            return new DataActionResponse((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DataActionResponse.Timeout;
        }
        catch (HttpRequestException e)
        {
            return new DataActionResponse(502, $"{{\"message\":\"the endpoint could not be reached: {JsonEscaping.Escape(e.Message)}\",\"code\":\"ACTION.REMOTE_ENDPOINT\",\"status\":502}}");
        }
    }
}
