namespace Argon.Protocol.Messages;

/// <summary>What a connecting peer is; sent in its Hello.</summary>
public enum PeerRole : byte
{
    /// <summary>An application that queues tasks.</summary>
    Client = 1,
    /// <summary>A worker that runs tasks.</summary>
    Worker = 2,
}
