using System.Buffers;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Transport;

/// <summary>
/// SendFlushedAsync: an executor about to start a task that may kill its process first waits until the answer to
/// the previous one is on the transport (ExecutorHost.cs).
/// </summary>
public sealed class FrameConnectionFlushTests
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public async Task SendFlushedAsync_CompletesTrue_OnceTheMessageAndThoseBeforeItAreOnTheTransport()
    {
        var (left, right) = TestPipes.CreatePair();
        var sender = new FrameConnection(left, Limit, "sender");
        using var stop = new CancellationTokenSource();
        var running = sender.RunAsync(_ => ValueTask.CompletedTask, stop.Token);

        sender.Send(new Cancel { Id = 1 });
        var flushed = await sender.SendFlushedAsync(new Cancel { Id = 2 }).WaitAsync(TestPipes.Timeout);

        Assert.True(flushed);
        var expected = TestPipes.Frames(new Cancel { Id = 1 }, new Cancel { Id = 2 });
        Assert.True(right.Input.TryRead(out var read), "nothing had been written when SendFlushedAsync completed");
        Assert.Equal(expected, read.Buffer.ToArray());
        right.Input.AdvanceTo(read.Buffer.End);
        await stop.CancelAsync();
        await running.WaitAsync(TestPipes.Timeout);
    }

    [Fact]
    public async Task SendFlushedAsync_WhenNothingIsQueued_WritesOnTheCallersThread_WithNoHandOff()
    {
        var (left, right) = TestPipes.CreatePair();
        var sender = new FrameConnection(left, Limit, "sender");
        using var stop = new CancellationTokenSource();
        var running = sender.RunAsync(_ => ValueTask.CompletedTask, stop.Token);

        var flushed = sender.SendFlushedAsync(new Cancel { Id = 7 });

        Assert.True(flushed.IsCompletedSuccessfully, "an idle connection handed the frame to its writer loop");
        Assert.True(await flushed);
        Assert.True(right.Input.TryRead(out var read), "nothing had been written when SendFlushedAsync completed");
        Assert.Equal(TestPipes.Frames(new Cancel { Id = 7 }), read.Buffer.ToArray());
        right.Input.AdvanceTo(read.Buffer.End);

        // The writer loop still serves later sends after an inline write.
        sender.Send(new Cancel { Id = 8 });
        var next = await right.Input.ReadAsync().AsTask().WaitAsync(TestPipes.Timeout);
        Assert.Equal(TestPipes.Frames(new Cancel { Id = 8 }), next.Buffer.ToArray());
        right.Input.AdvanceTo(next.Buffer.End);
        await stop.CancelAsync();
        await running.WaitAsync(TestPipes.Timeout);
    }

    [Fact]
    public async Task SendFlushedAsync_CompletesFalse_WhenTheConnectionHasClosed()
    {
        var (left, right) = TestPipes.CreatePair();
        var sender = new FrameConnection(left, Limit, "sender");
        var running = sender.RunAsync(_ => ValueTask.CompletedTask);
        await right.Output.CompleteAsync(); // the peer hangs up
        await running.WaitAsync(TestPipes.Timeout);

        Assert.False(await sender.SendFlushedAsync(new Cancel { Id = 1 }).WaitAsync(TestPipes.Timeout));
    }
}
