namespace Argon.Protocol.Messages;

/// <summary>The byte after a frame's length: which message the body holds. See docs/protocol.md.</summary>
public enum MessageType : byte
{
    /// <summary>Handshake: version, role and nonce (<see cref="Messages.Hello"/>).</summary>
    Hello = 1,
    /// <summary>Handshake: the client's key proof (<see cref="Messages.Proof"/>).</summary>
    Proof = 2,
    /// <summary>Handshake: the server accepts and proves the key (<see cref="Messages.Welcome"/>).</summary>
    Welcome = 3,
    /// <summary>Handshake: the server refuses the peer (<see cref="Messages.Refused"/>).</summary>
    Refused = 4,

    /// <summary>A worker registers with a manager (<see cref="Messages.Register"/>).</summary>
    Register = 10,
    /// <summary>Client → manager: run a task (<see cref="Messages.Submit"/>).</summary>
    Submit = 11,
    /// <summary>The outcome of a Submit (<see cref="Messages.Result"/>).</summary>
    Result = 12,
    /// <summary>A Submit was not accepted (<see cref="Messages.Deny"/>).</summary>
    Deny = 13,
    /// <summary>Flow control (<see cref="Messages.Credit"/>).</summary>
    Credit = 14,
    /// <summary>Manager → worker: run a task (<see cref="Messages.Assign"/>).</summary>
    Assign = 15,
    /// <summary>The outcome of an Assign (<see cref="Messages.Complete"/>).</summary>
    Complete = 16,
    /// <summary>Cancel a task (<see cref="Messages.Cancel"/>).</summary>
    Cancel = 17,
    /// <summary>A liveness probe or its reply (<see cref="Messages.Heartbeat"/>).</summary>
    Heartbeat = 18,
    /// <summary>Ask for a node's state (<see cref="Messages.StatusRequest"/>).</summary>
    StatusRequest = 19,
    /// <summary>A node's state (<see cref="Messages.StatusReply"/>).</summary>
    StatusReply = 20,
    /// <summary>The sender is shutting down (<see cref="Messages.Drain"/>).</summary>
    Drain = 23,
    /// <summary>The sender is leaving (<see cref="Messages.Goodbye"/>).</summary>
    Goodbye = 24,
    /// <summary>Give unstarted tasks back (<see cref="Messages.Revoke"/>).</summary>
    Revoke = 25,
    /// <summary>A worker's share of executors for one manager (<see cref="Messages.Share"/>).</summary>
    Share = 26,
    /// <summary>A worker's links to the other managers (<see cref="Messages.PeerReport"/>).</summary>
    PeerReport = 27,
    /// <summary>Calls a worker holds for a lost manager (<see cref="Messages.Orphans"/>).</summary>
    Orphans = 28,
    /// <summary>Attach a resubmitted call to a held one (<see cref="Messages.Attach"/>).</summary>
    Attach = 29,

    /// <summary>Executor → worker: ready to run tasks (<see cref="Messages.ExecutorReady"/>).</summary>
    ExecutorReady = 30,

    /// <summary>Ask for shipped code by hash (<see cref="Messages.NeedCode"/>).</summary>
    NeedCode = 40,
    /// <summary>One assembly of shipped code (<see cref="Messages.Code"/>).</summary>
    Code = 41,
}
