using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>A protocol message; its concrete type decides the frame's type byte.</summary>
public abstract class Message
{
    /// <summary>The message's type, written in its frame header.</summary>
    [IgnoreMember]
    public abstract MessageType Type { get; }
}
