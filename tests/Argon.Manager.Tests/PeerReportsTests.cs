using Argon.Manager.Http;
using Argon.Manager.Peers;
using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;

namespace Argon.Manager.Tests;

/// <summary>
/// What a manager's workers report of the other managers they serve (PeerReport), added up per peer: how many reach
/// it out of how many report on it, the latest change; a worker's new report replaces its last, a worker that goes
/// takes its report with it.
/// </summary>
public sealed class PeerReportsTests
{
    private const long Now = 1_000_000;

    private static PeerLink Link(string endpoint, bool up, long since = 0) => new() { Endpoint = endpoint, IsUp = up, SinceChangeMs = since };

    [Fact]
    public void Summary_WithNoReports_IsEmpty()
    {
        Assert.Empty(new PeerReports().Summary(Now));
    }

    [Fact]
    public void Summary_CountsTheWorkersThatReachEachPeer_OutOfThoseThatReportIt()
    {
        var reports = new PeerReports();
        reports.Report(1, [Link("b:8000", up: true), Link("c:8000", up: false)], Now);
        reports.Report(2, [Link("b:8000", up: true), Link("c:8000", up: true)], Now);
        reports.Report(3, [Link("b:8000", up: false)], Now);

        var summary = reports.Summary(Now);

        Assert.Equal([("b:8000", 2, 3), ("c:8000", 1, 2)], summary.Select(p => (p.Endpoint, p.ReachableBy, p.ReportedBy)));
    }

    [Fact]
    public void Report_FromTheSameWorker_ReplacesItsLastOne()
    {
        var reports = new PeerReports();
        reports.Report(1, [Link("b:8000", up: true), Link("c:8000", up: true)], Now);
        reports.Report(2, [Link("b:8000", up: true)], Now);

        reports.Report(1, [Link("b:8000", up: false)], Now + 10);

        var peer = Assert.Single(reports.Summary(Now + 10)); // c:8000 is no longer reported by anyone
        Assert.Equal(("b:8000", 1, 2), (peer.Endpoint, peer.ReachableBy, peer.ReportedBy));
        Assert.Equal(2, reports.Count);
    }

    [Fact]
    public void Forget_AWorkerThatLeft_DropsItsReport()
    {
        var reports = new PeerReports();
        reports.Report(1, [Link("b:8000", up: false)], Now);
        reports.Report(2, [Link("b:8000", up: true)], Now);

        reports.Forget(1);

        var peer = Assert.Single(reports.Summary(Now));
        Assert.Equal((1, 1), (peer.ReachableBy, peer.ReportedBy));
        reports.Forget(2);
        reports.Forget(2); // twice is harmless
        Assert.Empty(reports.Summary(Now));
        Assert.Equal(0, reports.Count);
    }

    [Fact]
    public void Summary_SinceChange_IsTheLatestChangeAnyWorkerReported_AndAgesWithTheClock()
    {
        var reports = new PeerReports();
        reports.Report(1, [Link("b:8000", up: true, since: 5_000)], Now);
        reports.Report(2, [Link("b:8000", up: false, since: 300)], Now + 200); // changed at Now - 100: the latest

        Assert.Equal(100, Assert.Single(reports.Summary(Now)).SinceChangeMs);
        Assert.Equal(1_100, Assert.Single(reports.Summary(Now + 1_000)).SinceChangeMs);
    }

    [Fact]
    public void Report_WithAHugeSinceChange_NeitherOverflowsNorGoesNegative()
    {
        var reports = new PeerReports();
        reports.Report(1, [Link("b:8000", up: true, since: long.MaxValue)], Now);

        var peer = Assert.Single(reports.Summary(Now));

        Assert.InRange(peer.SinceChangeMs, 0, long.MaxValue);
        Assert.True(peer.SinceChangeMs > 365L * 24 * 3600 * 1000, "a change from long ago stays long ago");
    }

    [Fact]
    public void Summary_ListsPeersByEndpoint_AndKeepsTheMostReportedWhenOverTheLimit()
    {
        var reports = new PeerReports();
        // One worker names many peers (a hostile or misconfigured one), two others agree on one peer.
        for (var w = 0; w < 5; w++)
        {
            reports.Report(w, [.. Enumerable.Range(0, MessageLimits.MaxPeers).Select(i => Link($"w{w}-m{i}:1", up: true))], Now);
        }

        reports.Report(10, [Link("z-shared:1", up: true)], Now);
        reports.Report(11, [Link("z-shared:1", up: false)], Now);

        var summary = reports.Summary(Now);

        Assert.Equal(MessageLimits.MaxStatusPeers, summary.Count);
        Assert.Contains(summary, p => p.Endpoint == "z-shared:1" && p.ReportedBy == 2);
        Assert.Equal(summary.Select(p => p.Endpoint).Order(StringComparer.Ordinal), summary.Select(p => p.Endpoint));
        // What the manager lists, its own clients accept: the StatusReply stays within the validation rules.
        MessageValidator.Validate(new StatusReply { Node = "m", Version = "1", Peers = summary });
    }

    [Fact]
    public void Dispatcher_ShowsItsWorkersReports_InItsStatus_UntilTheWorkerGoes()
    {
        var fixture = new DispatcherFixture();
        var (first, _) = fixture.Worker(capacity: 1, "w1");
        var (second, _) = fixture.Worker(capacity: 1, "w2");
        fixture.Dispatcher.PeersReported(first, new PeerReport { Peers = [Link("b:8000", up: true)] });
        fixture.Dispatcher.PeersReported(second, new PeerReport { Peers = [Link("b:8000", up: true)] });

        var peer = Assert.Single(fixture.Dispatcher.Status(0, "v").Peers);
        Assert.Equal((2, 2), (peer.ReachableBy, peer.ReportedBy));

        fixture.Dispatcher.WorkerDisconnected(second, "gone");

        peer = Assert.Single(fixture.Dispatcher.Status(0, "v").Peers);
        Assert.Equal((1, 1), (peer.ReachableBy, peer.ReportedBy));
    }

    [Theory]
    [InlineData(2, 2, "all")]
    [InlineData(1, 2, "some")]
    [InlineData(0, 2, "none")]
    public void PeerDocument_SaysWhetherAllSomeOrNoneReachIt(int reachable, int reported, string state)
    {
        var document = PeerDocument.From(new PeerStatus { Endpoint = "b:8000", ReachableBy = reachable, ReportedBy = reported, SinceChangeMs = 1500 });

        Assert.Equal(state, document.State);
        Assert.Equal(1.5, document.SinceChangeSeconds);
    }
}
