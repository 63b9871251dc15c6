using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>
/// Worker → manager, from a worker given several managers: its link to each of the other managers, as it sees it
/// now. Sent right after Register and whenever one of its links connects or is lost. Never sent by a worker with one
/// manager. The managers do not talk to each other: this is how each learns whether its peers are reachable.
/// </summary>
[MessagePackObject]
public sealed class PeerReport : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.PeerReport;

    /// <summary>Every manager the worker was given except the receiver, each once.</summary>
    [Key(0)] public IReadOnlyList<PeerLink> Peers { get; init; } = [];
}

/// <summary>One worker's link to another manager.</summary>
[MessagePackObject]
public sealed class PeerLink
{
    /// <summary>The manager as the worker was given it: host:port ([host]:port for an IPv6 address).</summary>
    [Key(0)] public string Endpoint { get; init; } = "";

    /// <summary>The worker is connected and registered with that manager now.</summary>
    [Key(1)] public bool IsUp { get; init; }

    /// <summary>Milliseconds since the link last went up or down (since the worker started, if it never did).</summary>
    [Key(2)] public long SinceChangeMs { get; init; }
}

/// <summary>
/// One peer manager in a StatusReply: how many of this manager's workers reach it, out of how many report on it, and
/// how long since the latest change any of them reported.
/// </summary>
[MessagePackObject]
public sealed class PeerStatus
{
    /// <summary>The peer manager, host:port as the workers were given it.</summary>
    [Key(0)] public string Endpoint { get; init; } = "";
    /// <summary>How many of this manager's workers reach it now.</summary>
    [Key(1)] public int ReachableBy { get; init; }
    /// <summary>How many of this manager's workers report on it.</summary>
    [Key(2)] public int ReportedBy { get; init; }
    /// <summary>Milliseconds since the latest change any of them reported.</summary>
    [Key(3)] public long SinceChangeMs { get; init; }
}
