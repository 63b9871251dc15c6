namespace Argon.Protocol.Messages.Validation;

/// <summary>
/// Holds every decoded message to the rules of docs/protocol.md ("Validation") before any component sees it:
/// enums defined, numbers in range, lengths and counts within <see cref="MessageLimits"/>, strings printable.
/// </summary>
public static class MessageValidator
{
    /// <exception cref="ProtocolException">A field broke the rules; the message names the type, the field and the problem.</exception>
    public static void Validate(Message message)
    {
        switch (message)
        {
            case Submit m: TaskValidation.Validate(m); break;
            case Result m: TaskValidation.Validate(m); break;
            case Assign m: TaskValidation.Validate(m); break;
            case Complete m: TaskValidation.Validate(m); break;
            case Deny m: TaskValidation.Validate(m); break;
            case Cancel m: TaskValidation.Validate(m); break;
            case Revoke m: TaskValidation.Validate(m); break;
            case Credit m: ControlValidation.Validate(m); break;
            case Heartbeat: break; // any timestamp is echoed back as it came
            case Register m: ControlValidation.Validate(m); break;
            case Share m: ControlValidation.Validate(m); break;
            case Orphans m: OrphanValidation.Validate(m); break;
            case Attach m: OrphanValidation.Validate(m); break;
            case PeerReport m: PeerValidation.Validate(m); break;
            case StatusRequest m: ControlValidation.Validate(m); break;
            case StatusReply m: StatusValidation.Validate(m); break;
            case Drain m: ControlValidation.Validate(m); break;
            case Goodbye m: ControlValidation.Validate(m); break;
            case ExecutorReady m: ControlValidation.Validate(m); break;
            case Hello m: HandshakeValidation.Validate(m); break;
            case Proof m: HandshakeValidation.Validate(m); break;
            case Welcome m: HandshakeValidation.Validate(m); break;
            case Refused m: HandshakeValidation.Validate(m); break;
            case NeedCode m: CodeValidation.Validate(m); break;
            case Code m: CodeValidation.Validate(m); break;
            default: throw new ProtocolException($"no validation rules for {message.Type}");
        }
    }
}
