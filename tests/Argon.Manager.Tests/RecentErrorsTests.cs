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
    public void Snapshot_WhenEmpty_IsEmpty() => Assert.Empty(new RecentErrors(4).Snapshot());
}
