using Argon.Protocol.Messages;

namespace Argon.Protocol.Transport;

/// <summary>Where a peer's outgoing messages go: a connection's outgoing queue (or a recorder in tests).</summary>
public interface IMessageSender
{
    /// <summary>The peer's address, for logs.</summary>
    string Remote { get; }

    /// <summary>Queues a message without waiting; false once the connection is closing.</summary>
    bool Send(Message message);
}
