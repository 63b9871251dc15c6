using System.Diagnostics;
using System.IO.Pipelines;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Transport;

/// <summary>
/// The bound on what a connection queues for a peer that does not read: reading pauses past the mark and resumes
/// under it, a peer that takes nothing is cut off, and a send never waits for any of it.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class FrameConnectionBoundTests
{
    private const int Limit = 1024 * 1024;
    private const int Requests = 2_000;
    private static readonly OutgoingLimits Small = new(PauseAtFrames: 100, PauseAtBytes: 1024 * 1024, StuckAfter: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task RunAsync_WhenThePeerDoesNotRead_PausesReadingAtTheMarkAndResumesWhenItReads()
    {
        var peer = Connect(Small);
        var handled = 0;
        var run = peer.Connection.RunAsync(m => Answer(peer.Connection, m, ref handled));
        await peer.Input.WriteAsync(Probes(Requests));

        await WaitUntilAsync(() => peer.Connection.IsReadingPaused);
        var handledWhilePaused = Volatile.Read(ref handled);
        Assert.InRange(handledWhilePaused, Small.PauseAtFrames, Requests - 1);
        Assert.InRange(peer.Connection.QueuedFrames, 0, Small.PauseAtFrames + 1);

        var replies = CountFramesAsync(peer.Output, Requests);
        await WaitUntilAsync(() => Volatile.Read(ref handled) == Requests);
        Assert.Equal(Requests, await replies.WaitAsync(TestPipes.Timeout));
        Assert.False(run.IsCompleted);

        await peer.Input.CompleteAsync();
        var end = await run.WaitAsync(TestPipes.Timeout);
        Assert.False(end.IsFault);
    }

    [Fact]
    public async Task RunAsync_WhenThePeerTakesNothingForTheStuckLimit_CutsItOffWithTheReason()
    {
        var limits = Small with { StuckAfter = TimeSpan.FromMilliseconds(800) };
        var peer = Connect(limits);
        var handled = 0;
        var watch = Stopwatch.StartNew();
        var run = peer.Connection.RunAsync(m => Answer(peer.Connection, m, ref handled));
        await peer.Input.WriteAsync(Probes(Requests));

        var end = await run.WaitAsync(TestPipes.Timeout);

        Assert.True(end.IsFault);
        Assert.Contains("has not read its replies for", end.Reason, StringComparison.Ordinal);
        Assert.Contains("frames /", end.Reason, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, limits.StuckAfter - TimeSpan.FromMilliseconds(20), TestPipes.Timeout);
        Assert.InRange(Volatile.Read(ref handled), Small.PauseAtFrames, Requests - 1);
        await WaitUntilAsync(() => peer.Connection.QueuedFrames == 0);
    }

    [Fact]
    public async Task Send_WhenThePeerDoesNotRead_NeverWaitsAndPastTheCloseMarkCutsItOff()
    {
        var peer = Connect(Small);
        var run = peer.Connection.RunAsync(_ => ValueTask.CompletedTask);
        var sends = 4 * Small.CloseAtFrames;
        var accepted = 0L;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < sends; i++)
        {
            accepted += peer.Connection.Send(new Heartbeat { Timestamp = i }) ? 1 : 0;
        }

        watch.Stop();
        var end = await run.WaitAsync(TestPipes.Timeout);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.InRange(accepted, Small.CloseAtFrames, sends - 1);
        Assert.True(end.IsFault);
        Assert.Contains("is not reading its replies", end.Reason, StringComparison.Ordinal);
        Assert.False(peer.Connection.Send(new Heartbeat()));
        await WaitUntilAsync(() => peer.Connection.QueuedFrames == 0);
    }

    [Fact]
    public async Task RunAsync_WhilePausedForLongerThanTheHeartbeatTimeout_DoesNotCallTheReadingPeerSilent()
    {
        // The peer sends its frames and then reads nothing for longer than our heartbeat timeout: its frames wait
        // unread behind the pause, which must not count as silence.
        var heartbeat = new HeartbeatSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var peer = Connect(Small, heartbeat);
        var handled = 0;
        var run = peer.Connection.RunAsync(m => Answer(peer.Connection, m, ref handled));
        await peer.Input.WriteAsync(Probes(Requests));
        await WaitUntilAsync(() => peer.Connection.IsReadingPaused);

        var pausedFor = Stopwatch.StartNew();
        while (pausedFor.Elapsed < 2 * heartbeat.Timeout && !run.IsCompleted)
        {
            await Task.Delay(heartbeat.Interval);
        }

        Assert.False(run.IsCompleted, run.IsCompleted ? (await run).Reason : "");
        Assert.True(peer.Connection.IsReadingPaused);
        var replies = CountFramesAsync(peer.Output, Requests);
        await WaitUntilAsync(() => Volatile.Read(ref handled) == Requests);
        Assert.False(run.IsCompleted, run.IsCompleted ? (await run).Reason : "");
        await peer.Input.CompleteAsync();
        await run.WaitAsync(TestPipes.Timeout);
        await replies.WaitAsync(TestPipes.Timeout);
    }

    [Fact]
    public void CountedSize_CountsThePayloadAndAFixedOverhead()
    {
        var payload = new byte[10_000];
        Assert.Equal(OutgoingLimits.FrameOverhead + 10_000, FrameConnection.CountedSize(new Submit { Payload = payload }));
        Assert.Equal(OutgoingLimits.FrameOverhead + 10_000, FrameConnection.CountedSize(new Result { Outcome = new TaskOutcome { Payload = payload } }));
        Assert.Equal(OutgoingLimits.FrameOverhead, FrameConnection.CountedSize(new Heartbeat()));
    }

    private static ValueTask Answer(FrameConnection connection, Message message, ref int handled)
    {
        var heartbeat = Assert.IsType<Heartbeat>(message);
        Assert.True(connection.Send(heartbeat.Reply()));
        Interlocked.Increment(ref handled);
        return ValueTask.CompletedTask;
    }

    private static byte[] Probes(int count) =>
        TestPipes.Frames(Enumerable.Range(0, count).Select(i => (Message)new Heartbeat { Timestamp = i }).ToArray());

    /// <summary>Reads and counts frames until <paramref name="count"/> have arrived (or the peer's output ends).</summary>
    private static async Task<int> CountFramesAsync(PipeReader output, int count)
    {
        var seen = 0;
        while (seen < count)
        {
            var result = await output.ReadAsync();
            var buffer = result.Buffer;
            while (Argon.Protocol.Framing.FrameReader.TryRead(ref buffer, Limit, out _, out _))
            {
                seen++;
            }

            output.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        return seen;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TestPipes.Timeout, "the condition did not come true in time");
            await Task.Delay(10);
        }
    }

    /// <summary>A bounded connection whose peer's side of the output holds only a few KiB unread, as a socket would.</summary>
    private static (FrameConnection Connection, PipeWriter Input, PipeReader Output) Connect(OutgoingLimits limits, HeartbeatSettings? heartbeat = null)
    {
        var input = new Pipe();
        var output = new Pipe(new PipeOptions(pauseWriterThreshold: 4096, resumeWriterThreshold: 2048));
        return (new FrameConnection(new DuplexPipe(input.Reader, output.Writer), Limit, "peer", heartbeat, limits), input.Writer, output.Reader);
    }
}
