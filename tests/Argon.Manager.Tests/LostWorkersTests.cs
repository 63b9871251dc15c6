using Argon.Manager.Http;

namespace Argon.Manager.Tests;

public sealed class LostWorkersTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Snapshot_ShowsALostWorker_ForTheKeepTime_ThenForgetsIt()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero));
        var lost = new LostWorkers(TimeSpan.FromMinutes(5), clock);

        lost.Add("w1", "10.0.0.1:5000", 4, "connection reset", left: false);
        clock.Now += TimeSpan.FromMinutes(1);
        lost.Add("w2", "10.0.0.2:5000", 2, "shutting down", left: true);

        var snapshot = lost.Snapshot([]);
        Assert.Equal(["w2", "w1"], snapshot.Select(w => w.Node));
        Assert.Equal(("10.0.0.1:5000", 4, "connection reset", false), (snapshot[1].Address, snapshot[1].Capacity, snapshot[1].Reason, snapshot[1].Left));
        Assert.True(snapshot[0].Left);

        clock.Now += TimeSpan.FromMinutes(4.5);
        Assert.Equal(["w2"], lost.Snapshot([]).Select(w => w.Node));
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.Empty(lost.Snapshot([]));
    }

    [Fact]
    public void Snapshot_LeavesOut_AWorkerThatIsRegisteredAgain_AndShowsANodeOnce()
    {
        var lost = new LostWorkers(TimeSpan.FromMinutes(5));
        lost.Add("w1", "a:1", 1, "lost", left: false);
        lost.Add("w1", "a:1", 1, "lost again", left: false);
        lost.Add("w2", "b:1", 1, "lost", left: false);

        Assert.Equal(["w2"], lost.Snapshot(["w1"]).Select(w => w.Node));
        Assert.Equal("lost again", lost.Snapshot([]).Single(w => w.Node == "w1").Reason);
    }
}
