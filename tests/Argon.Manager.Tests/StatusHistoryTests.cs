using Argon.Manager.Http;

namespace Argon.Manager.Tests;

public sealed class StatusHistoryTests
{
    [Fact]
    public void Sample_KeepsAtMostLengthSamples_OldestDropped()
    {
        var fixture = new DispatcherFixture();
        var history = new StatusHistory(fixture.Dispatcher, TimeProvider.System);
        history.Sample();
        var first = history.Snapshot()[0];
        fixture.Worker(3);

        for (var i = 0; i < StatusHistory.Length + 4; i++)
        {
            history.Sample();
        }

        var samples = history.Snapshot();
        Assert.Equal(StatusHistory.Length, samples.Count);
        Assert.DoesNotContain(first, samples);
        Assert.All(samples, s => Assert.Equal((3, 1), (s.Capacity, s.Workers)));
        Assert.True(samples.Zip(samples.Skip(1)).All(p => p.First.Time <= p.Second.Time));
    }
}
