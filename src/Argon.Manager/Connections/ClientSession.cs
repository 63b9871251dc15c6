using Argon.Manager.Scheduling;
using Argon.Protocol.Transport;

namespace Argon.Manager.Connections;

/// <summary>A connected client and the tasks it has on the manager, by the client's own ids. Guarded by the dispatcher's lock.</summary>
internal sealed class ClientSession(IMessageSender connection, string name)
{
    public IMessageSender Connection { get; } = connection;

    public string Name { get; } = name;

    public Dictionary<long, TaskEntry> Tasks { get; } = [];

    public bool IsClosed { get; set; }
}
