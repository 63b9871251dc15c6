using Argon.Protocol.Security;
using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>
/// The rules for Hello, Proof, Welcome and Refused. Hello's Version is not checked here: the handshake refuses
/// another version with a Refused that says which one this node speaks. Hello's Reserved (version 1's server
/// proof) may still come from a version 1 server, so it is only bounded.
/// </summary>
internal static class HandshakeValidation
{
    public static void Validate(Hello m)
    {
        const MessageType type = MessageType.Hello;
        Check(type, "Role", Role(m.Role));
        Check(type, "Nonce", m.Nonce is null ? "is missing" : Bytes(m.Nonce.Length, ProtocolConstants.NonceSize));
        Check(type, "Reserved", m.Reserved is null ? null : Bytes(m.Reserved.Length, MessageLimits.MacSize));
        Check(type, "Node", Line(m.Node, MessageLimits.MaxNameLength));
        Check(type, "KeyIds", m.KeyIds is null ? "is missing" : Count(m.KeyIds.Count, KeyRing.MaxKeys));
        for (var i = 0; i < m.KeyIds!.Count; i++)
        {
            Check(type, "KeyIds", i, "", KeyId(m.KeyIds[i]));
        }

        Check(type, "KeyId", m.KeyId is null ? null : KeyId(m.KeyId));
    }

    public static void Validate(Proof m) =>
        Check(MessageType.Proof, "Mac", m.Mac is null ? "is missing" : Bytes(m.Mac.Length, MessageLimits.MacSize));

    public static void Validate(Welcome m)
    {
        Check(MessageType.Welcome, "Node", Line(m.Node, MessageLimits.MaxNameLength));
        Check(MessageType.Welcome, "MaxFrameSize", InRange(m.MaxFrameSize, 1, int.MaxValue));
        Check(MessageType.Welcome, "Proof", m.Proof is null ? "is missing" : Bytes(m.Proof.Length, MessageLimits.MacSize));
    }

    public static void Validate(Refused m)
    {
        Check(MessageType.Refused, "Reason", Line(m.Reason, MessageLimits.MaxReasonLength));
        Check(MessageType.Refused, "Kind", Refusal(m.Kind));
    }
}
