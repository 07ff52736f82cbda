namespace ParticipantData.Client.Tests.Support;

/// <summary>
/// Passes requests through to the emulator, but holds the first request that matches until the test
/// opens the gate: the way to have a write in flight while others arrive, without timing.
/// </summary>
internal sealed class GatedHandler(Func<HttpRequestMessage, bool> matches) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _held;
    private int _matched;

    /// <summary>Completes when the first matching request is being held.</summary>
    public Task Arrived => _arrived.Task;

    public int Matched => _matched;

    public void Open() => _open.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (matches(request))
        {
            Interlocked.Increment(ref _matched);
            if (Interlocked.Exchange(ref _held, 1) == 0)
            {
                _arrived.TrySetResult();
                await _open.Task.WaitAsync(cancellationToken);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
