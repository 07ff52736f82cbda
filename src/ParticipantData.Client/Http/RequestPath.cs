using ParticipantData.Client.Budget;
using Polly;

namespace ParticipantData.Client.Http;

/// <summary>
/// The one way a request leaves the client (token, API and channel requests alike): the resilience pipeline
/// around it, the request's <see cref="RequestDeadline"/> in the pipeline's context (its total timeout and
/// retry decisions read it), and for every attempt a slot of the OAuth client's <see cref="RequestBudget"/>.
/// </summary>
internal sealed class RequestPath(ResiliencePipeline<HttpResponseMessage> pipeline, RequestBudget? budget)
{
    /// <summary>The OAuth client's request budget; null when <see cref="ParticipantDataClientOptions.RequestsPerMinute"/> is 0.</summary>
    public RequestBudget? Budget => budget;

    /// <summary>
    /// Runs <paramref name="attempt"/> once per pipeline attempt and returns its (buffered) response. The attempt
    /// sends through <see cref="RequestAttempt.SendAsync"/>, once or, for a replay, more often.
    /// </summary>
    public async Task<HttpResponseMessage> RunAsync(RequestDeadline deadline, Func<RequestAttempt, Task<HttpResponseMessage>> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResiliencePipelines.DeadlineKey, deadline);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    var response = await state.attempt(new RequestAttempt(state.budget, state.deadline, ctx.CancellationToken, state.cancellationToken)).ConfigureAwait(false);
                    await response.Content.LoadIntoBufferAsync(ctx.CancellationToken).ConfigureAwait(false);
                    return response;
                },
                context,
                (budget, deadline, attempt, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}

/// <summary>One pipeline attempt of a request: its cancellation (attempt timeout included) and the way to send.</summary>
internal sealed class RequestAttempt(RequestBudget? budget, RequestDeadline deadline, CancellationToken token, CancellationToken callerToken)
{
    /// <summary>Cancelled when the attempt times out, the request's deadline passes or the caller gives up.</summary>
    public CancellationToken Token => token;

    /// <summary>Waits for a budget slot, sends, and records on the deadline what came back.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<CancellationToken, Task<HttpResponseMessage>> send)
    {
        await deadline.AcquireAsync(budget, token).ConfigureAwait(false);
        return await deadline.AttemptAsync(() => send(token), token, callerToken).ConfigureAwait(false);
    }
}
