using Argon.Manager.Scheduling;
using Microsoft.Extensions.Logging;

namespace Argon.Manager.Tests;

/// <summary>A worker that drains and says Goodbye has left, which is routine; only one that vanishes was lost.</summary>
public sealed class WorkerDepartureLogTests
{
    [Fact]
    public void WorkerDisconnected_AfterGoodbyeWithNothingRunning_LogsLeftAtInformation()
    {
        var logger = new ListLogger<Dispatcher>();
        var fixture = new DispatcherFixture(logger: logger);
        var (worker, _) = fixture.Worker(capacity: 1, name: "w1");
        fixture.Dispatcher.DrainWorker(worker);

        fixture.Dispatcher.WorkerDisconnected(worker, "the peer closed the connection", goodbye: "the worker is shutting down");

        var line = Assert.Single(logger.Lines, l => l.Message.StartsWith("Worker w1", StringComparison.Ordinal) && !l.Message.Contains("registered", StringComparison.Ordinal)
            && !l.Message.Contains("draining", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("left: the worker is shutting down", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public void WorkerDisconnected_WithoutGoodbye_LogsLostAsAWarning()
    {
        var logger = new ListLogger<Dispatcher>();
        var fixture = new DispatcherFixture(logger: logger);
        var (worker, _) = fixture.Worker(capacity: 1, name: "w1");

        fixture.Dispatcher.WorkerDisconnected(worker, "the peer closed the connection");

        var line = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("Worker w1", line.Message, StringComparison.Ordinal);
        Assert.Contains("lost: the peer closed the connection", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerDisconnected_AfterGoodbyeButStillHoldingATask_LogsLostAsAWarning()
    {
        var logger = new ListLogger<Dispatcher>();
        var fixture = new DispatcherFixture(logger: logger);
        var (worker, _) = fixture.Worker(capacity: 1, name: "w1");
        var (client, _) = fixture.Client();
        fixture.Submit(client);

        fixture.Dispatcher.WorkerDisconnected(worker, "the peer closed the connection", goodbye: "the worker is shutting down");

        var line = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("lost", line.Message, StringComparison.Ordinal);
        Assert.Contains("1 task(s) queued again", line.Message, StringComparison.Ordinal);
    }
}
