using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParticipantData.Architect.DataActions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ParticipantData.Relay.Enrichment;

/// <summary>What an enrichment produced: attributes to write, or why not (with what the endpoint answered).</summary>
internal sealed record EnrichmentOutcome(IReadOnlyDictionary<string, string>? Attributes, string? Failure, int? EndpointStatus = null, string? EndpointBody = null);

/// <summary>
/// Runs a source's data action: inputs checked against its contract, the request rendered by the data action
/// engine and sent with a per-attempt timeout and retries (Polly), the answer translated and mapped to attributes.
/// </summary>
internal sealed class EnrichmentRunner(IReadOnlyDictionary<string, EnrichmentSource> sources, HttpClient http, TimeProvider time)
{
    private const int MaxBodyShown = 500;
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.Ordinal);

    public bool HasSource(string name) => sources.ContainsKey(name);

    public IEnumerable<string> SourceNames => sources.Keys;

    /// <summary>Checks inputs against the source's contract at accept time, so a request that cannot run is refused at once.</summary>
    public string? CheckInputs(string source, string inputsJson)
    {
        if (!sources.TryGetValue(source, out var configured))
        {
            return $"There is no enrichment source '{source}'; configured: {(sources.Count == 0 ? "none" : string.Join(", ", sources.Keys))}.";
        }

        try
        {
            configured.Action.ValidateInputs(JsonNode.Parse(inputsJson) as JsonObject ?? []);
            return null;
        }
        catch (DataActionException e)
        {
            return e.Message;
        }
    }

    public async Task<EnrichmentOutcome> RunAsync(string sourceName, string inputsJson, CancellationToken cancellationToken)
    {
        if (!sources.TryGetValue(sourceName, out var source))
        {
            return new EnrichmentOutcome(null, $"the enrichment source '{sourceName}' is no longer configured");
        }

        DataActionRequest request;
        try
        {
            request = source.Action.BuildRequest(JsonNode.Parse(inputsJson) as JsonObject ?? [], new Dictionary<string, string>(source.Credentials));
        }
        catch (DataActionException e)
        {
            return new EnrichmentOutcome(null, $"data action '{source.Action.Name}': {e.Message}");
        }

        var pipeline = _pipelines.GetOrAdd(sourceName, _ => BuildPipeline(source));
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async token =>
                {
                    using var message = ToHttp(request);
                    return await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return new EnrichmentOutcome(
                null,
                $"the endpoint {Describe(request)} did not answer within {source.EffectiveAttemptTimeout.TotalSeconds:0.###} s ({source.Retries + 1} attempts)");
        }
        catch (HttpRequestException e)
        {
            return new EnrichmentOutcome(null, $"the endpoint {Describe(request)} could not be reached ({source.Retries + 1} attempts): {e.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return new EnrichmentOutcome(
                    null,
                    $"the endpoint {Describe(request)} answered {status} {response.ReasonPhrase}: {Shorten(body)}",
                    status,
                    Shorten(body));
            }

            JsonNode? output;
            try
            {
                output = source.Action.TranslateResponse(body);
            }
            catch (DataActionException e)
            {
                return new EnrichmentOutcome(null, $"data action '{source.Action.Name}': {e.Message}", status, Shorten(body));
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (field, attribute) in source.Attributes)
            {
                if (output is not JsonObject fields || !fields.ContainsKey(field))
                {
                    return new EnrichmentOutcome(
                        null,
                        $"data action '{source.Action.Name}': its output has no field '{field}' (output: {Shorten(output?.ToJsonString() ?? "null")})",
                        status,
                        Shorten(body));
                }

                attributes[attribute] = DataAction.ToAttributeValue(fields[field]);
            }

            return new EnrichmentOutcome(attributes, null, status);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(EnrichmentSource source)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (source.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = source.Retries,
                Delay = source.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        return builder.AddTimeout(source.EffectiveAttemptTimeout).Build();
    }

    private static HttpRequestMessage ToHttp(DataActionRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        string? contentType = null;
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
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
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        return message;
    }

    /// <summary>Method and URL without the query (which may carry a credential).</summary>
    private static string Describe(DataActionRequest request) => $"{request.Method} {request.Url.GetLeftPart(UriPartial.Path)}";

    private static string Shorten(string text)
    {
        var single = text.ReplaceLineEndings(" ");
        return single.Length > MaxBodyShown ? single[..MaxBodyShown] + "…" : single;
    }
}
