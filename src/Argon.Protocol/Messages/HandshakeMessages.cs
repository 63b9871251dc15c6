using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>
/// First message each side sends after TLS: version, role and a fresh nonce. The client offers the ids of the keys it
/// holds (<see cref="KeyIds"/>, preferred first); the server answers with the one it picked (<see cref="KeyId"/>).
/// Nothing in either Hello depends on a key: the server proves the key only in <see cref="Welcome"/>, after the client has.
/// </summary>
[MessagePackObject]
public sealed class Hello : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Hello;

    /// <summary>The protocol version the sender speaks (<see cref="ProtocolConstants"/>).</summary>
    [Key(0)] public int Version { get; init; }
    /// <summary>The connecting peer's role: a client or a worker (the server's Hello echoes it).</summary>
    [Key(1)] public PeerRole Role { get; init; }
    /// <summary>A fresh random nonce, bound into both key proofs.</summary>
    [Key(2)] public byte[] Nonce { get; init; } = [];

    /// <summary>Version 1 carried the server's proof here; kept empty so that a version 1 Hello still decodes and is refused by its version.</summary>
    [Key(3)] public byte[]? Reserved { get; init; }
    /// <summary>The sender's node name, for logs and status.</summary>
    [Key(4)] public string Node { get; init; } = "";

    /// <summary>Client: the ids of the keys it holds (<see cref="Security.SharedKey.Id"/>), preferred first.</summary>
    [Key(5)] public IReadOnlyList<string> KeyIds { get; init; } = [];

    /// <summary>Server: the id of the key both sides will prove.</summary>
    [Key(6)] public string? KeyId { get; init; }
}

/// <summary>The client's key proof.</summary>
[MessagePackObject]
public sealed class Proof : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Proof;

    /// <summary>The client's proof of the key (<see cref="Security.KeyProof.ForClient"/>).</summary>
    [Key(0)] public byte[] Mac { get; init; } = [];
}

/// <summary>The server accepted the client's proof and proves the key in turn; once the client has checked it, frames may flow.</summary>
[MessagePackObject]
public sealed class Welcome : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Welcome;

    /// <summary>The server's node name.</summary>
    [Key(0)] public string Node { get; init; } = "";
    /// <summary>The largest frame body the server accepts, in bytes.</summary>
    [Key(1)] public int MaxFrameSize { get; init; }
    /// <summary>The server's proof of the key (<see cref="Security.KeyProof.ForServer"/>).</summary>
    [Key(2)] public byte[] Proof { get; init; } = [];
}

/// <summary>The server refused the peer; the reason is for the peer's error message.</summary>
[MessagePackObject]
public sealed class Refused : Message
{
    /// <inheritdoc/>
    [IgnoreMember]
    public override MessageType Type => MessageType.Refused;

    /// <summary>Why the peer was refused, for its error message.</summary>
    [Key(0)] public string Reason { get; init; } = "";
    /// <summary>Which kind of refusal this is.</summary>
    [Key(1)] public RefusalKind Kind { get; init; }
}

/// <summary>Why a server refused a peer during the handshake, so the peer can say which of its errors it is.</summary>
public enum RefusalKind : byte
{
    /// <summary>Any other reason (a full server, a bad message).</summary>
    Other = 0,

    /// <summary>The peer speaks another protocol version.</summary>
    Version = 1,

    /// <summary>The peer holds none of the server's keys, or its proof did not match.</summary>
    Key = 2,
}
