using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>The rules for PeerReport, and for the peers a StatusReply lists.</summary>
internal static class PeerValidation
{
    public static void Validate(PeerReport m)
    {
        const MessageType type = MessageType.PeerReport;
        var peers = m.Peers;
        if (peers is null)
        {
            throw Exception(type, "Peers", "is missing");
        }

        Check(type, "Peers", Count(peers.Count, MessageLimits.MaxPeers));
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            if (peer is null)
            {
                Check(type, "Peers", i, "", "is missing");
                continue;
            }

            Check(type, "Peers", i, ".Endpoint", Endpoint(peer.Endpoint));
            Check(type, "Peers", i, ".SinceChangeMs", NonNegative(peer.SinceChangeMs));
            Check(type, "Peers", i, ".Endpoint", Repeated(peers, i));
        }
    }

    /// <summary>StatusReply.Peers: bounded, each endpoint once, counts that add up.</summary>
    public static void Validate(MessageType type, IReadOnlyList<PeerStatus>? peers)
    {
        if (peers is null)
        {
            throw Exception(type, "Peers", "is missing");
        }

        Check(type, "Peers", Count(peers.Count, MessageLimits.MaxStatusPeers));
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[i];
            if (peer is null)
            {
                Check(type, "Peers", i, "", "is missing");
                continue;
            }

            Check(type, "Peers", i, ".Endpoint", Endpoint(peer.Endpoint));
            Check(type, "Peers", i, ".ReportedBy", InRange(peer.ReportedBy, 1, int.MaxValue));
            Check(type, "Peers", i, ".ReachableBy", InRange(peer.ReachableBy, 0, peer.ReportedBy));
            Check(type, "Peers", i, ".SinceChangeMs", NonNegative(peer.SinceChangeMs));
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
