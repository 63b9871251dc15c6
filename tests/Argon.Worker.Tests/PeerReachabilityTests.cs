using Argon.Protocol.Messages;

namespace Argon.Worker.Tests;

/// <summary>
/// A worker given several managers tells each connected one which of the others it reaches (PeerReport): on
/// registering, and whenever one of its links goes up or down; never about the manager it reports to.
/// </summary>
public sealed class PeerReachabilityTests
{
    private static readonly ManagerEndpoint A = new("a", 8000);
    private static readonly ManagerEndpoint B = new("b", 8000);
    private static readonly ManagerEndpoint C = new("c", 8000);

    private long _clock = 10_000;

    private PeerReachability Create(params ManagerEndpoint[] endpoints) => new(endpoints, () => _clock);

    private static string Describe(PeerReport report) =>
        string.Join(", ", report.Peers.Select(p => $"{p.Endpoint} {(p.IsUp ? "up" : "down")} {p.SinceChangeMs}"));

    [Fact]
    public void Up_SendsTheNewLinkTheOthersState_ThatNeverConnected_DownSinceTheStart()
    {
        var peers = Create(A, B, C);
        var toA = new List<PeerReport>();
        _clock += 250;

        peers.Up(0, toA.Add);

        Assert.Equal(["b:8000 down 250, c:8000 down 250"], toA.Select(Describe));
    }

    [Fact]
    public void Up_OfAnotherLink_TellsEveryConnectedLink_ButNotTheOneThatCameUp_AboutItself()
    {
        var peers = Create(A, B, C);
        var toA = new List<PeerReport>();
        var toB = new List<PeerReport>();
        peers.Up(0, toA.Add);
        _clock += 100;

        peers.Up(1, toB.Add);

        Assert.Equal(["a:8000 up 100, c:8000 down 100"], toB.Select(Describe));
        Assert.Equal("b:8000 up 0, c:8000 down 100", Describe(toA[^1]));
        Assert.Equal(2, toA.Count);
    }

    [Fact]
    public void Down_TellsTheOthers_AndTheLinkThatWentDownHearsNothingMore()
    {
        var peers = Create(A, B);
        var toA = new List<PeerReport>();
        var toB = new List<PeerReport>();
        peers.Up(0, toA.Add);
        peers.Up(1, toB.Add);
        var heardByB = toB.Count;
        _clock += 40;

        peers.Down(1);
        _clock += 60;
        peers.Down(0);

        Assert.Equal("b:8000 down 0", Describe(toA[^1]));
        Assert.Equal(heardByB, toB.Count); // b was down when a went down: nobody to tell
        Assert.Equal("b:8000 down 60", Describe(peers.ReportFor(0)));
    }

    [Fact]
    public void Down_OfALinkThatWasNeverUp_TellsNobody()
    {
        var peers = Create(A, B);
        var toA = new List<PeerReport>();
        peers.Up(0, toA.Add);

        peers.Down(1);

        Assert.Single(toA);
    }

    [Fact]
    public void Reconnect_SendsToTheNewSession_NotTheOldOne()
    {
        var peers = Create(A, B);
        var oldA = new List<PeerReport>();
        var newA = new List<PeerReport>();
        peers.Up(0, oldA.Add);
        peers.Down(0);
        peers.Up(0, newA.Add);

        peers.Up(1, _ => { });

        Assert.Single(oldA);
        Assert.Equal(["b:8000 down 0", "b:8000 up 0"], newA.Select(Describe));
    }

    [Fact]
    public void SinceChange_CountsFromTheLastChange()
    {
        var peers = Create(A, B);
        peers.Up(1, _ => { });
        _clock += 1_500;

        Assert.Equal("b:8000 up 1500", Describe(peers.ReportFor(0)));
    }
}
