using Argon.Manager.Http;
using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

public sealed class RecentErrorsTests
{
    [Fact]
    public void Snapshot_KeepsTheLastN_NewestFirst()
    {
        var errors = new RecentErrors(3);
        for (var i = 1; i <= 5; i++)
        {
            errors.Add(new TaskOutcome { Status = OutcomeStatus.TimedOut, ErrorType = "E", ErrorMessage = $"error {i}", Node = "w" });
        }

        var snapshot = errors.Snapshot();

        Assert.Equal(["error 5", "error 4", "error 3"], snapshot.Select(e => e.Message));
        Assert.All(snapshot, e => Assert.Equal(("timed_out", "E", "w"), (e.Status, e.Type, e.Node)));
    }

    [Fact]
    public void Add_Faulted_HidesTheTasksOwnMessage_KeepsItsTypesAndNode()
    {
        var errors = new RecentErrors(2);

        errors.Add(new TaskOutcome
        {
            Status = OutcomeStatus.Faulted, ErrorType = "System.ArgumentException", ErrorMessage = "bad card number 4111111111111111", Node = "w",
        }, "Shop.Charge");

        var error = Assert.Single(errors.Snapshot());
        Assert.Equal(RecentErrors.HiddenMessage, error.Message);
        Assert.Equal(("faulted", "System.ArgumentException", "Shop.Charge", "w"), (error.Status, error.Type, error.Task, error.Node));
    }

    [Fact]
    public void Add_CutsLongMessages_ToOneShortLine()
    {
        var errors = new RecentErrors(2);

        errors.Add(TaskOutcome.Failure(OutcomeStatus.WorkerLost, new string('x', 10_000) + "\nsecond line"));

        var error = Assert.Single(errors.Snapshot());
        Assert.Equal("worker_lost", error.Status);
        Assert.True(error.Message.Length <= RecentErrors.MaxLength);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Add_TheSameErrorAgain_CountsIt_WithTheFirstAndLastTimeSeen()
    {
        var errors = new RecentErrors(4);
        var start = new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 50; i++)
        {
            errors.Add(new TaskOutcome { Status = OutcomeStatus.Faulted, ErrorType = "System.IO.IOException", ErrorMessage = $"disk {i}", Node = $"w{i % 2}" },
                "Shop.Save", start.AddSeconds(i));
        }

        errors.Add(new TaskOutcome { Status = OutcomeStatus.Faulted, ErrorType = "System.TimeoutException", Node = "w0" }, "Shop.Save", start.AddSeconds(60));
        errors.Add(new TaskOutcome { Status = OutcomeStatus.TimedOut, ErrorMessage = "timed out after 5s", Node = "w0" }, "Shop.Save", start.AddSeconds(61));

        var snapshot = errors.Snapshot();

        Assert.Equal(3, snapshot.Count);
        var disk = snapshot[2];
        Assert.Equal(("faulted", "System.IO.IOException", "Shop.Save", 50L), (disk.Status, disk.Type, disk.Task, disk.Count));
        Assert.Equal((start, start.AddSeconds(49), "w1"), (disk.FirstTime, disk.Time, disk.Node));
        Assert.Equal(["timed_out", "faulted", "faulted"], snapshot.Select(e => e.Status));
        Assert.All(snapshot.Take(2), e => Assert.Equal(1, e.Count));
    }

    [Fact]
    public void Snapshot_WhenEmpty_IsEmpty() => Assert.Empty(new RecentErrors(4).Snapshot());
}
