namespace Argon.Protocol.Messages;

/// <summary>The byte after a frame's length: which message the body holds. See docs/protocol.md.</summary>
public enum MessageType : byte
{
    Hello = 1,
    Proof = 2,
    Welcome = 3,
    Refused = 4,

    Register = 10,
    Submit = 11,
    Result = 12,
    Deny = 13,
    Credit = 14,
    Assign = 15,
    Complete = 16,
    Cancel = 17,
    Heartbeat = 18,
    StatusRequest = 19,
    StatusReply = 20,
    Drain = 23,
    Goodbye = 24,
    Revoke = 25,
    Share = 26,
    PeerReport = 27,
    Orphans = 28,
    Attach = 29,

    ExecutorReady = 30,

    NeedCode = 40,
    Code = 41,
}
