using System.IO.Pipelines;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Transport;

/// <summary>
/// A connection whose transport breaks as it closes (the peer was kill -9'd with bytes still buffered for it) must
/// end like any lost connection. Found by the chaos suite: the exception escaped RunAsync, the worker's manager link
/// (a BackgroundService) faulted, and the host stopped the worker instead of letting it reconnect.
/// </summary>
public sealed class FrameConnectionBrokenTransportTests
{
    private const int Limit = 1024 * 1024;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_WhenCompletingTheOutputThrows_ReturnsAConnectionEndInsteadOfThrowing(bool writeWasCutOff)
    {
        var inbound = new Pipe();
        var connection = new FrameConnection(new DuplexPipe(inbound.Reader, new BrokenPipeWriter(writeWasCutOff)), Limit, "killed peer");
        await inbound.Writer.CompleteAsync(); // the peer is gone

        var end = await connection.RunAsync(_ => ValueTask.CompletedTask).WaitAsync(TestPipes.Timeout);

        Assert.NotNull(end.Reason);
    }

    /// <summary>
    /// Buffers writes like a StreamPipeWriter over a socket whose peer is dead: flushing and completing throw what
    /// SslStream throws then ("Broken pipe", or "another write operation is pending" when a write was cut off).
    /// </summary>
    private sealed class BrokenPipeWriter(bool writeWasCutOff) : PipeWriter
    {
        private readonly Pipe _buffer = new();

        public override void Advance(int bytes) => _buffer.Writer.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.Writer.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.Writer.GetSpan(sizeHint);

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null) => throw Broken();

        public override ValueTask CompleteAsync(Exception? exception = null) => ValueTask.FromException(Broken());

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromException<FlushResult>(Broken());

        private Exception Broken() => writeWasCutOff
            ? new NotSupportedException("This method may not be called when another write operation is pending.")
            : new IOException("Unable to write data to the transport connection: Broken pipe.");
    }
}
