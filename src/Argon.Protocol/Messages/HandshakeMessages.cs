using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>First message each side sends after TLS: version, role and a fresh nonce; the server adds its key proof.</summary>
[MessagePackObject]
public sealed class Hello : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Hello;

    [Key(0)] public int Version { get; init; }
    [Key(1)] public PeerRole Role { get; init; }
    [Key(2)] public byte[] Nonce { get; init; } = [];
    [Key(3)] public byte[]? Proof { get; init; }
    [Key(4)] public string Node { get; init; } = "";
}

/// <summary>The client's key proof.</summary>
[MessagePackObject]
public sealed class Proof : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Proof;

    [Key(0)] public byte[] Mac { get; init; } = [];
}

/// <summary>The server accepted the client's proof; frames may flow.</summary>
[MessagePackObject]
public sealed class Welcome : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Welcome;

    [Key(0)] public string Node { get; init; } = "";
    [Key(1)] public int MaxFrameSize { get; init; }
}

/// <summary>The server refused the peer; the reason is for the peer's error message.</summary>
[MessagePackObject]
public sealed class Refused : Message
{
    [IgnoreMember]
    public override MessageType Type => MessageType.Refused;

    [Key(0)] public string Reason { get; init; } = "";
}
