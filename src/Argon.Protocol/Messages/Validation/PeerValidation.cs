using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>The rules for PeerReport, and for the peers a StatusReply lists.</summary>
internal static class PeerValidation
{
    public static void Validate(PeerReport m) =>
        Each(MessageType.PeerReport, m.Peers, MessageLimits.MaxPeers, (peer, i) =>
        {
            Check(MessageType.PeerReport, "Peers", i, ".Endpoint", Endpoint(peer.Endpoint));
            Check(MessageType.PeerReport, "Peers", i, ".SinceChangeMs", NonNegative(peer.SinceChangeMs));
            Check(MessageType.PeerReport, "Peers", i, ".Endpoint", Repeated(m.Peers, i));
        });

    /// <summary>StatusReply.Peers: bounded, each endpoint once, counts that add up.</summary>
    public static void Validate(MessageType type, IReadOnlyList<PeerStatus>? peers) =>
        Each(type, peers, MessageLimits.MaxStatusPeers, (peer, i) =>
        {
            Check(type, "Peers", i, ".Endpoint", Endpoint(peer.Endpoint));
            Check(type, "Peers", i, ".ReportedBy", InRange(peer.ReportedBy, 1, int.MaxValue));
            Check(type, "Peers", i, ".ReachableBy", InRange(peer.ReachableBy, 0, peer.ReportedBy));
            Check(type, "Peers", i, ".SinceChangeMs", NonNegative(peer.SinceChangeMs));
        });

    /// <summary>A list of peers: present, within <paramref name="max"/>, no item missing; each item then held to <paramref name="rules"/>.</summary>
    private static void Each<T>(MessageType type, IReadOnlyList<T?>? peers, int max, Action<T, int> rules) where T : class
    {
        if (peers is null)
        {
            throw Exception(type, "Peers", "is missing");
        }

        Check(type, "Peers", Count(peers.Count, max));
        for (var i = 0; i < peers.Count; i++)
        {
            if (peers[i] is { } peer)
            {
                rules(peer, i);
            }
            else
            {
                Check(type, "Peers", i, "", "is missing");
            }
        }
    }

    /// <summary>host:port as a worker names a manager: one printable line, not empty, no longer than a name.</summary>
    private static string? Endpoint(string? value) =>
        value is { Length: 0 } ? "is empty" : Line(value, MessageLimits.MaxNameLength);

    /// <summary>Null when no earlier peer of the report has the same endpoint (at most <see cref="MessageLimits.MaxPeers"/>, so a plain scan).</summary>
    private static string? Repeated(IReadOnlyList<PeerLink> peers, int index)
    {
        var endpoint = peers[index].Endpoint;
        for (var j = 0; j < index; j++)
        {
            if (peers[j] is { } earlier && string.Equals(earlier.Endpoint, endpoint, StringComparison.Ordinal))
            {
                return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"repeats Peers[{j}].Endpoint");
            }
        }

        return null;
    }
}
