namespace Argon.Protocol.Messages.Validation;

/// <summary>
/// The bounds every decoded message is held to (docs/protocol.md, "Validation"). Lengths are in UTF-16 characters.
/// Each is generous for what Argon's own peers send; a peer past one broke the protocol.
/// </summary>
public static class MessageLimits
{
    /// <summary>Node ids, client names, executor names, addresses and version strings.</summary>
    public const int MaxNameLength = 256;

    /// <summary>Task type names, result and error type names (generic full names can be long).</summary>
    public const int MaxTypeNameLength = 16 * 1024;

    /// <summary>Reasons in Deny, Drain, Goodbye, Refused, and a Code's error: one line each.</summary>
    public const int MaxReasonLength = 4 * 1024;

    /// <summary>An outcome's error message; it may hold line breaks and tabs. Producers truncate to fit.</summary>
    public const int MaxErrorMessageLength = 64 * 1024;

    /// <summary>An outcome's stack trace; it may hold line breaks and tabs. Producers truncate to fit.</summary>
    public const int MaxStackTraceLength = 256 * 1024;

    /// <summary>A shipped assembly's SHA-256: exactly this many lower-case hex digits.</summary>
    public const int HashLength = 64;

    /// <summary>Assemblies in one CodeReference, and hashes in one NeedCode.</summary>
    public const int MaxAssemblies = 1024;

    /// <summary>Task ids in one Revoke (a worker's tasks in flight: its executors and their prefetch).</summary>
    public const int MaxRevokeIds = 64 * 1024;

    /// <summary>Call ids in one Orphans message (each list); a worker with more sends several.</summary>
    public const int MaxOrphanIds = 16 * 1024;

    /// <summary>Executors one worker registers with.</summary>
    public const int MaxCapacity = 64 * 1024;

    /// <summary>Workers listed in one StatusReply.</summary>
    public const int MaxStatusWorkers = 64 * 1024;

    /// <summary>Other managers one worker reports on in a PeerReport (the managers it was given, less the one it reports to).</summary>
    public const int MaxPeers = 256;

    /// <summary>Peer managers listed in one StatusReply (what its workers reported, the most reported first).</summary>
    public const int MaxStatusPeers = 1024;

    /// <summary>Bytes of a key-proof MAC (HMAC-SHA256).</summary>
    public const int MacSize = 32;

    /// <summary>Characters of a key id: 8 bytes in hex.</summary>
    public const int KeyIdLength = 16;

    /// <summary>A W3C traceparent: <c>00-</c>, 32 hex digits, <c>-</c>, 16 hex digits, <c>-</c>, 2 hex digits.</summary>
    public const int TraceParentLength = 55;

    /// <summary>A W3C tracestate (the specification's 32 list members of at most 256 characters each, and their commas).</summary>
    public const int MaxTraceStateLength = 32 * 257;

    /// <summary>The longest retry hint in a Deny (one hour).</summary>
    public const int MaxRetryAfterMs = 3_600_000;
}
