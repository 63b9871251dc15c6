using System.Diagnostics;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Transport;

/// <summary>
/// These tests judge liveness by the wall clock, so they run on their own: a thread pool kept busy by the
/// parallel test classes delays the keep-alive timers as a frozen peer would, and looks like one.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class FrameConnectionHeartbeatTests
{
    private const int Limit = 1024 * 1024;
    private static readonly HeartbeatSettings Fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
    private static readonly TimeSpan CoarseClockTick = TimeSpan.FromMilliseconds(20);

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
        // Silence is counted on Environment.TickCount64, a coarse clock (a few ms per tick on Linux): allow one tick's worth.
        Assert.InRange(watch.Elapsed, Fast.Timeout - CoarseClockTick, TestPipes.Timeout);
    }

    [Fact]
    public async Task RunAsync_WhenBothSidesAreIdle_ProbesKeepThemOpenPastTheTimeout()
    {
        var (left, right) = TestPipes.CreatePair();
        var a = new FrameConnection(left, Limit, "b", Fast);
        var b = new FrameConnection(right, Limit, "a", Fast);
        await AssertStaysOpenAsync(a, b, Fast, Fast);
    }

    [Fact]
    public async Task RunAsync_WhenThePeerProbesFarLessOftenThanOurTimeout_ItsAnswersKeepUsOpen()
    {
        // Each side's liveness check rests on its own interval: the peer's settings cannot make us drop it.
        var strict = new HeartbeatSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3));
        var lax = new HeartbeatSettings(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60));
        var (left, right) = TestPipes.CreatePair();
        var a = new FrameConnection(left, Limit, "b", strict);
        var b = new FrameConnection(right, Limit, "a", lax);
        await AssertStaysOpenAsync(a, b, strict, lax);
    }

    [Fact]
    public void Validate_RejectsATimeoutNotLongerThanTheInterval()
    {
        Assert.Throws<ArgumentException>(() => new HeartbeatSettings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)).Validate());
        Assert.Throws<ArgumentException>(() => new HeartbeatSettings(TimeSpan.Zero, TimeSpan.FromSeconds(1)).Validate());
        HeartbeatSettings.Default.Validate();
    }

    /// <summary>Runs both sides, each answering probes as every Argon peer does, for two of A's timeouts.</summary>
    private static async Task AssertStaysOpenAsync(FrameConnection a, FrameConnection b, HeartbeatSettings atA, HeartbeatSettings atB)
    {
        var probesAtA = 0;
        var probesAtB = 0;
        using var stop = new CancellationTokenSource();
        var runA = a.RunAsync(m => Answer(a, m, ref probesAtA), stop.Token);
        var runB = b.RunAsync(m => Answer(b, m, ref probesAtB), stop.Token);

        // Two of A's timeouts of idle time, waited for by counting A's probes rather than by sleeping.
        var needed = (int)(2 * atA.Timeout / atA.Interval);
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref probesAtB) < needed && !runA.IsCompleted && !runB.IsCompleted && deadline.Elapsed < TestPipes.Timeout)
        {
            await Task.Delay(atA.Interval);
        }

        Assert.False(runA.IsCompleted, runA.IsCompleted ? (await runA).Reason : "");
        Assert.False(runB.IsCompleted, runB.IsCompleted ? (await runB).Reason : "");
        Assert.True(probesAtB >= needed, $"B saw {probesAtB} probes from A, needed {needed}");
        Assert.True(atB.Interval >= atA.Interval); // B probes no more often than A
        await stop.CancelAsync();
        Assert.DoesNotContain("silent", (await runA.WaitAsync(TestPipes.Timeout)).Reason, StringComparison.Ordinal);
        await runB.WaitAsync(TestPipes.Timeout);
    }

    private static ValueTask Answer(FrameConnection connection, Message message, ref int probes)
    {
        var heartbeat = Assert.IsType<Heartbeat>(message);
        if (!heartbeat.IsReply)
        {
            Interlocked.Increment(ref probes);
            connection.Send(heartbeat.Reply());
        }

        return ValueTask.CompletedTask;
    }
}
