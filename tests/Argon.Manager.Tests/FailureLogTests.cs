using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using Microsoft.Extensions.Logging;

namespace Argon.Manager.Tests;

/// <summary>Failed tasks logged at Information, a flood of one kind held to one line per window with a count.</summary>
public sealed class FailureLogTests
{
    private static readonly TaskOutcome Faulted = new()
    {
        Status = OutcomeStatus.Faulted,
        ErrorType = "System.InvalidOperationException",
        ErrorMessage = "the widget broke " + new string('x', 500),
        Node = "w1",
    };

    [Fact]
    public void Report_LogsTheFirstAtInformation_WithTypeExceptionTypeAndAShortenedMessage()
    {
        var logger = new ListLogger<Dispatcher>();
        var log = new FailureLog(logger, TimeSpan.FromSeconds(10), () => 0);

        log.Report("Shop.Widget", Faulted);

        var (level, message) = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("Shop.Widget faulted on w1: System.InvalidOperationException: the widget broke", message, StringComparison.Ordinal);
        Assert.True(message.Length < 350, message);
    }

    [Fact]
    public void Report_AFlood_IsOneLineAndThenACount_WhenTheWindowHasPassed()
    {
        var now = 0L;
        var logger = new ListLogger<Dispatcher>();
        var log = new FailureLog(logger, TimeSpan.FromSeconds(10), () => now);

        for (var i = 0; i < 50; i++)
        {
            now = i * 100;
            log.Report("Shop.Widget", Faulted);
        }

        log.Flush(); // within the window: nothing yet
        Assert.Single(logger.Lines);

        now = 10_000;
        log.Flush();

        Assert.Equal(2, logger.Lines.Count);
        Assert.Equal(LogLevel.Information, logger.Lines[1].Level);
        Assert.Contains("… and 49 more like it in the last 10 s", logger.Lines[1].Message, StringComparison.Ordinal);
        log.Flush();
        Assert.Equal(2, logger.Lines.Count); // said once
    }

    [Fact]
    public void Report_OtherKinds_AreNotHeldBackByAFlood()
    {
        var logger = new ListLogger<Dispatcher>();
        var log = new FailureLog(logger, TimeSpan.FromSeconds(10), () => 0);

        log.Report("Shop.Widget", Faulted);
        log.Report("Shop.Widget", Faulted);
        log.Report("Shop.Gadget", Faulted);
        log.Report("Shop.Widget", new TaskOutcome { Status = OutcomeStatus.TimedOut, ErrorMessage = "too slow" });
        log.Report("Shop.Widget", new TaskOutcome { Status = OutcomeStatus.Crashed, ExitDescription = "stack overflow" });
        log.Report("Shop.Widget", new TaskOutcome { Status = OutcomeStatus.Succeeded });

        Assert.Equal(4, logger.Lines.Count);
        Assert.Contains("Shop.Widget timed_out", logger.Lines[2].Message, StringComparison.Ordinal);
        Assert.Contains("stack overflow", logger.Lines[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatcher_LogsAFaultedOutcome_AndNotASuccess()
    {
        var logger = new ListLogger<Dispatcher>();
        var fixture = new DispatcherFixture(logger: logger);
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        fixture.Submit(client);
        fixture.Submit(client);
        var assigns = workerSent.OfType<Assign>().ToList();
        fixture.Dispatcher.Complete(worker, new Complete { Id = assigns[0].Id, Outcome = new TaskOutcome { Status = OutcomeStatus.Succeeded } });
        fixture.Dispatcher.Complete(worker, new Complete { Id = workerSent.OfType<Assign>().Last().Id, Outcome = Faulted });

        var line = Assert.Single(logger.Lines, l => l.Level >= LogLevel.Information && l.Message.StartsWith("Task ", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("Task T faulted on w1: System.InvalidOperationException", line.Message, StringComparison.Ordinal);
    }
}
