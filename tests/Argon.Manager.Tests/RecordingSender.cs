using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Manager.Tests;

/// <summary>Records what the dispatcher sends to one peer.</summary>
internal sealed class RecordingSender(string remote) : IMessageSender
{
    public List<Message> Sent { get; } = [];

    public string Remote { get; } = remote;

    public bool Send(Message message)
    {
        Sent.Add(message);
        return true;
    }

    public IEnumerable<T> OfType<T>() where T : Message => Sent.OfType<T>();
}
