using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>A protocol message; its concrete type decides the frame's type byte.</summary>
public abstract class Message
{
    [IgnoreMember]
    public abstract MessageType Type { get; }
}
