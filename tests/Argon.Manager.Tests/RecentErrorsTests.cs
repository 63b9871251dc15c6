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
            errors.Add(new TaskOutcome { Status = OutcomeStatus.Faulted, ErrorType = "E", ErrorMessage = $"error {i}", Node = "w" });
        }

        var snapshot = errors.Snapshot();

        Assert.Equal(["error 5", "error 4", "error 3"], snapshot.Select(e => e.Message));
        Assert.All(snapshot, e => Assert.Equal(("faulted", "E", "w"), (e.Status, e.Type, e.Node)));
    }

    [Fact]
    public void Add_CutsLongMessages()
    {
        var errors = new RecentErrors(2);

        errors.Add(TaskOutcome.Failure(OutcomeStatus.WorkerLost, new string('x', 10_000)));

        var error = Assert.Single(errors.Snapshot());
        Assert.Equal("worker_lost", error.Status);
        Assert.True(error.Message.Length <= 501);
    }

    [Fact]
    public void Snapshot_WhenEmpty_IsEmpty() => Assert.Empty(new RecentErrors(4).Snapshot());
}
