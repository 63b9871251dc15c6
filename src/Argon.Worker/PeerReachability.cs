using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;

namespace Argon.Worker;

/// <summary>
/// For a worker given several managers: which of its links are up now, and since when, told to every manager it is
/// connected to about the others (PeerReport), so each manager can show whether its peers are reachable. A link
/// that registers is sent the report at once (after its Register); when any link goes up or down, every other
/// connected link is sent a fresh one. Sends only enqueue onto a connection's outgoing queue; they happen under
/// this object's lock, so a manager never hears two reports out of order. Not used by a worker with one manager.
/// </summary>
internal sealed class PeerReachability
{
    private readonly Lock _gate = new();
    private readonly LinkState[] _links;
    private readonly Func<long> _clock;

    /// <param name="endpoints">The managers, in the order of the links (indexes below are into this list).</param>
    /// <param name="clock">Milliseconds on a monotonic clock (<see cref="Environment.TickCount64"/> outside tests).</param>
    public PeerReachability(IReadOnlyList<ManagerEndpoint> endpoints, Func<long>? clock = null)
    {
        _clock = clock ?? (() => Environment.TickCount64);
        var now = _clock();
        _links = [.. endpoints.Select(e => new LinkState(e.ToString(), now))];
    }

    /// <summary>Link <paramref name="index"/> registered: it is up, hears the others' state, and they hear of it.</summary>
    public void Up(int index, Action<PeerReport> send)
    {
        lock (_gate)
        {
            var link = _links[index];
            link.Send = send;
            link.ChangedAt = _clock();
            send(ReportFor(index, link.ChangedAt));
            TellOthers(index, link.ChangedAt);
        }
    }

    /// <summary>Link <paramref name="index"/>'s session ended: it is down, and the connected others hear of it.</summary>
    public void Down(int index)
    {
        lock (_gate)
        {
            var link = _links[index];
            if (link.Send is null)
            {
                return;
            }

            link.Send = null;
            link.ChangedAt = _clock();
            TellOthers(index, link.ChangedAt);
        }
    }

    /// <summary>Link <paramref name="index"/>'s side of this: what its ManagerLink calls.</summary>
    public Link For(int index) => new(this, index);

    /// <summary>What link <paramref name="index"/>'s manager is told now (for tests).</summary>
    public PeerReport ReportFor(int index)
    {
        lock (_gate)
        {
            return ReportFor(index, _clock());
        }
    }

    private void TellOthers(int changed, long now)
    {
        for (var i = 0; i < _links.Length; i++)
        {
            if (i != changed && _links[i].Send is { } send)
            {
                send(ReportFor(i, now));
            }
        }
    }

    /// <summary>Every other manager once, within the bounds a manager accepts (<see cref="MessageLimits"/>).</summary>
    private PeerReport ReportFor(int index, long now)
    {
        var peers = new List<PeerLink>(_links.Length - 1);
        for (var i = 0; i < _links.Length && peers.Count < MessageLimits.MaxPeers; i++)
        {
            var link = _links[i];
            if (i == index || link.Endpoint == _links[index].Endpoint || link.Endpoint.Length > MessageLimits.MaxNameLength || peers.Exists(p => p.Endpoint == link.Endpoint))
            {
                continue;
            }

            peers.Add(new PeerLink { Endpoint = link.Endpoint, IsUp = link.Send is not null, SinceChangeMs = Math.Max(0, now - link.ChangedAt) });
        }

        return new PeerReport { Peers = peers };
    }

    /// <summary>One link's handle on the shared state.</summary>
    public sealed class Link(PeerReachability reachability, int index)
    {
        /// <summary>The link registered; its reports go through <paramref name="send"/> until <see cref="Down"/>.</summary>
        public void Up(Action<PeerReport> send) => reachability.Up(index, send);

        /// <summary>The link's session ended.</summary>
        public void Down() => reachability.Down(index);
    }

    private sealed class LinkState(string endpoint, long changedAt)
    {
        public string Endpoint { get; } = endpoint;

        public long ChangedAt { get; set; } = changedAt;

        /// <summary>Where this link's reports go while it is up; null while it is down.</summary>
        public Action<PeerReport>? Send { get; set; }
    }
}
