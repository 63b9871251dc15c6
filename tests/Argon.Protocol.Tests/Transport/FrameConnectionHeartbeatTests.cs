using System.Diagnostics;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Transport;

public sealed class FrameConnectionHeartbeatTests
{
    private const int Limit = 1024 * 1024;
    private static readonly HeartbeatSettings Fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    [Fact]
    public async Task RunAsync_WhenThePeerFallsSilent_EndsAfterTheHeartbeatTimeout()
    {
        // The peer's side is never run: it neither reads nor writes, like a frozen (SIGSTOPped) process.
        var (left, _) = TestPipes.CreatePair();
        var connection = new FrameConnection(left, Limit, "frozen", Fast);
        var watch = Stopwatch.StartNew();

        var end = await connection.RunAsync(_ => ValueTask.CompletedTask).WaitAsync(TestPipes.Timeout);

        Assert.False(end.IsFault);
        Assert.Contains("silent", end.Reason, StringComparison.Ordinal);
        Assert.Contains("heartbeat timeout", end.Reason, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, Fast.Timeout, TestPipes.Timeout);
    }

    [Fact]
    public async Task RunAsync_WhenBothSidesSendKeepAlives_StaysOpenPastTheTimeoutAndAnswersNothing()
    {
        var (left, right) = TestPipes.CreatePair();
        var a = new FrameConnection(left, Limit, "b", Fast);
        var b = new FrameConnection(right, Limit, "a", Fast);
        var keepAlivesAtA = 0;
        var keepAlivesAtB = 0;
        using var stop = new CancellationTokenSource();
        var runA = a.RunAsync(m => Count(m, ref keepAlivesAtA), stop.Token);
        var runB = b.RunAsync(m => Count(m, ref keepAlivesAtB), stop.Token);

        // Three timeouts' worth of idle time, waited for by counting keep-alives rather than by sleeping.
        var needed = (int)(3 * Fast.Timeout / Fast.Interval);
        var deadline = Stopwatch.StartNew();
        while ((Volatile.Read(ref keepAlivesAtA) < needed || Volatile.Read(ref keepAlivesAtB) < needed) && deadline.Elapsed < TestPipes.Timeout)
        {
            await Task.Delay(Fast.Interval);
        }

        Assert.False(runA.IsCompleted, runA.IsCompleted ? (await runA).Reason + $" a={keepAlivesAtA} b={keepAlivesAtB}" : "");
        Assert.False(runB.IsCompleted);
        Assert.True(a.Send(new Credit { Tasks = 1 }), "the connection must still be open");
        await stop.CancelAsync();
        var endA = await runA.WaitAsync(TestPipes.Timeout);
        await runB.WaitAsync(TestPipes.Timeout);
        Assert.DoesNotContain("silent", endA.Reason, StringComparison.Ordinal);
        Assert.True(keepAlivesAtA >= needed && keepAlivesAtB >= needed, $"keep-alives seen: {keepAlivesAtA} and {keepAlivesAtB}, needed {needed}");
    }

    [Fact]
    public void Validate_RejectsATimeoutNotLongerThanTheInterval()
    {
        Assert.Throws<ArgumentException>(() => new HeartbeatSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)).Validate());
        Assert.Throws<ArgumentException>(() => new HeartbeatSettings(TimeSpan.Zero, TimeSpan.FromSeconds(1)).Validate());
        HeartbeatSettings.Default.Validate();
    }

    private static ValueTask Count(Message message, ref int keepAlives)
    {
        // A keep-alive is marked as a reply, so a peer that answers probes never answers it.
        var heartbeat = Assert.IsType<Heartbeat>(message);
        Assert.True(heartbeat.IsReply);
        Interlocked.Increment(ref keepAlives);
        return ValueTask.CompletedTask;
    }
}
