using Argon.Manager.Connections;
using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    private readonly HashSet<ClientSession> _clients = [];
    private int _credit;

    /// <summary>A client joined: it gets its share of credit, and everyone's share is recomputed.</summary>
    public void ClientConnected(ClientSession client)
    {
        lock (_gate)
        {
            _clients.Add(client);
            client.Connection.Send(new Credit { Tasks = CreditPerClient() });
            UpdateCredit();
        }
    }

    /// <summary>
    /// Each client may have its share of the queue plus the cluster's capacity outstanding. When every client
    /// keeps to its credit, the queue cannot overflow, so well-behaved clients are never denied.
    /// </summary>
    private int CreditPerClient() => Math.Max(1, (QueueLimit + _workers.TotalCapacity) / Math.Max(1, _clients.Count));

    /// <summary>Tells every client its new share when the cluster or the set of clients changes.</summary>
    private void UpdateCredit()
    {
        var credit = CreditPerClient();
        if (credit == _credit)
        {
            return;
        }

        _credit = credit;
        foreach (var client in _clients)
        {
            client.Connection.Send(new Credit { Tasks = credit });
        }
    }
}
