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

    /// <summary>The credit last sent to the client (Dispatcher.Credit.cs).</summary>
    public int Granted { get; set; }

    /// <summary>
    /// How many outstanding tasks the manager accepts from the client without question: the grant, or an older and
    /// higher one that the client may still be using, which shrinks by one as each of its calls finishes.
    /// </summary>
    public int Honored { get; set; }

    /// <summary>The client's fair share of the credit budget.</summary>
    public int Share { get; set; }

    /// <summary>Whether the client has been sent its first Credit.</summary>
    public bool HasCredit { get; set; }

    /// <summary>What the client holds of the credit budget: its grant, or its outstanding tasks while they are more.</summary>
    public int Committed => Math.Max(Granted, Tasks.Count);
}
