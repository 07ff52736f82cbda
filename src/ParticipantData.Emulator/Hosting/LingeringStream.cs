namespace ParticipantData.Emulator.Hosting;

/// <summary>
/// The upgraded connection under an emulator WebSocket (guest and notification sockets). .NET's WebSocket closes
/// a text frame that is not UTF-8 with <c>1007</c> and then disposes its stream at once, which resets the
/// connection before the client can read that close frame. This stream defers the dispose until
/// <see cref="LingerAsync"/> has given the client time to read it.
/// </summary>
internal sealed class LingeringStream(Stream inner) : Stream
{
    private int _disposeRequested;

    public bool DisposeRequested => Volatile.Read(ref _disposeRequested) == 1;

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Waits (bounded by <paramref name="cancellationToken"/>) until the client answers the close frame or goes away.</summary>
    public async Task LingerAsync(CancellationToken cancellationToken)
    {
        var drain = new byte[256];
        try
        {
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            // The client's close frame (at least 6 bytes, masked) or the end of the connection.
            var read = 0;
            while (read < 6)
            {
                var n = await inner.ReadAsync(drain, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                read += n;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Gone, or did not answer in time.
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Deferred: see the class comment. DisposeInner ends the connection.
        Interlocked.Exchange(ref _disposeRequested, 1);
    }

    public override ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposeRequested, 1);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeInnerAsync() => inner.DisposeAsync();
}
