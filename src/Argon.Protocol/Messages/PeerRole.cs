namespace Argon.Protocol.Messages;

/// <summary>What a connecting peer is; sent in its Hello.</summary>
public enum PeerRole : byte
{
    Client = 1,
    Worker = 2,
}
