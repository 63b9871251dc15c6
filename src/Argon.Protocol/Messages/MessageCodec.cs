using System.Buffers;
using Argon.Protocol.Messages.Validation;
using MessagePack;

namespace Argon.Protocol.Messages;

/// <summary>Turns messages into MessagePack bodies and back. Only the known message types are ever read.</summary>
public static class MessageCodec
{
    /// <summary>Standard resolvers only (no type embedding), with the untrusted-data limits on depth and collections.</summary>
    public static MessagePackSerializerOptions Options { get; } =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Writes the MessagePack body of <paramref name="message"/> (the frame header is written by <see cref="Framing.FrameWriter"/>).</summary>
    public static void Write(IBufferWriter<byte> writer, Message message)
    {
        switch (message)
        {
            case Submit m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Result m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Assign m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Complete m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Deny m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Cancel m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Revoke m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Credit m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Heartbeat m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Register m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Share m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Orphans m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Attach m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case PeerReport m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case StatusRequest m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case StatusReply m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Drain m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Goodbye m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Hello m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Proof m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Welcome m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Refused m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case ExecutorReady m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case NeedCode m: MessagePackSerializer.Serialize(writer, m, Options); break;
            case Code m: MessagePackSerializer.Serialize(writer, m, Options); break;
            default: throw new ArgumentException($"No codec for {message.GetType().Name}.", nameof(message));
        }
    }

    /// <exception cref="ProtocolException">
    /// The type is unknown, the body does not decode as that type, or a field breaks the rules of <see cref="MessageValidator"/>.
    /// </exception>
    public static Message Read(MessageType type, in ReadOnlySequence<byte> body)
    {
        Message? message;
        try
        {
            message = type switch
            {
                MessageType.Submit => MessagePackSerializer.Deserialize<Submit>(body, Options),
                MessageType.Result => MessagePackSerializer.Deserialize<Result>(body, Options),
                MessageType.Assign => MessagePackSerializer.Deserialize<Assign>(body, Options),
                MessageType.Complete => MessagePackSerializer.Deserialize<Complete>(body, Options),
                MessageType.Deny => MessagePackSerializer.Deserialize<Deny>(body, Options),
                MessageType.Cancel => MessagePackSerializer.Deserialize<Cancel>(body, Options),
                MessageType.Revoke => MessagePackSerializer.Deserialize<Revoke>(body, Options),
                MessageType.Credit => MessagePackSerializer.Deserialize<Credit>(body, Options),
                MessageType.Heartbeat => MessagePackSerializer.Deserialize<Heartbeat>(body, Options),
                MessageType.Register => MessagePackSerializer.Deserialize<Register>(body, Options),
                MessageType.Share => MessagePackSerializer.Deserialize<Share>(body, Options),
                MessageType.Orphans => MessagePackSerializer.Deserialize<Orphans>(body, Options),
                MessageType.Attach => MessagePackSerializer.Deserialize<Attach>(body, Options),
                MessageType.PeerReport => MessagePackSerializer.Deserialize<PeerReport>(body, Options),
                MessageType.StatusRequest => MessagePackSerializer.Deserialize<StatusRequest>(body, Options),
                MessageType.StatusReply => MessagePackSerializer.Deserialize<StatusReply>(body, Options),
                MessageType.Drain => MessagePackSerializer.Deserialize<Drain>(body, Options),
                MessageType.Goodbye => MessagePackSerializer.Deserialize<Goodbye>(body, Options),
                MessageType.Hello => MessagePackSerializer.Deserialize<Hello>(body, Options),
                MessageType.Proof => MessagePackSerializer.Deserialize<Proof>(body, Options),
                MessageType.Welcome => MessagePackSerializer.Deserialize<Welcome>(body, Options),
                MessageType.Refused => MessagePackSerializer.Deserialize<Refused>(body, Options),
                MessageType.ExecutorReady => MessagePackSerializer.Deserialize<ExecutorReady>(body, Options),
                MessageType.NeedCode => MessagePackSerializer.Deserialize<NeedCode>(body, Options),
                MessageType.Code => MessagePackSerializer.Deserialize<Code>(body, Options),
                _ => throw new ProtocolException($"unknown message type {(byte)type}"),
            };
        }
        catch (MessagePackSerializationException ex)
        {
            throw new ProtocolException($"malformed {type} message: {PeerText.Escape(ex.Message, PeerText.MaxReasonLength)}", ex);
        }

        // MessagePack reads a nil body as a null reference; no message is ever null.
        if (message is null)
        {
            throw new ProtocolException($"malformed {type} message: the body is nil");
        }

        MessageValidator.Validate(message);
        return message;
    }
}
