using Argon.Manager.Connections;
using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

/// <summary>
/// Credit accounted per client. The budget is the queue bound plus the cluster's capacity; each client's fair share
/// is the budget divided among the clients. What a client commits is the larger of its grant and its outstanding
/// tasks, and credit is raised only out of what nobody has committed, so the sum of commitments stays within the
/// budget. A share is lowered at once (the client hears it), and the client's calls above it keep their place until
/// they finish. Submits the client sent under its older, higher grant may still be on their way: the manager keeps
/// honoring that grant (shrinking by one as each of the client's calls finishes), so a client that keeps within
/// its credit is never denied. Such late Submits can put the outstanding total over the budget for a moment, at
/// most by the grants just lowered, so memory stays bounded (DESIGN.md §1.2).
/// </summary>
internal sealed partial class Dispatcher
{
    private readonly List<ClientSession> _clients = [];

    /// <summary>Some client holds less than its share and waits for calls to finish to be raised.</summary>
    private bool _creditShort;

    private int CreditBudget => QueueLimit + _workers.TotalCapacity;

    /// <summary>A client joined: it gets what is free of its share at once (maybe nothing), and every share is recomputed.</summary>
    public void ClientConnected(ClientSession client)
    {
        lock (_gate)
        {
            if (_clients.Contains(client))
            {
                return;
            }

            _clients.Add(client);
            UpdateCredit();
            if (!client.HasCredit)
            {
                SendCredit(client);
            }

            if (_shuttingDown)
            {
                client.Connection.Send(new Drain { Reason = ShutdownReason });
            }
        }
    }

    /// <summary>The sum of what every client has committed: within the budget, but for late Submits under a lowered grant and a budget that shrank.</summary>
    internal int CommittedCredit()
    {
        var committed = 0;
        foreach (var client in _clients)
        {
            committed += client.Committed;
        }

        return committed;
    }

    /// <summary>A Submit the client's credit covers: it is accepted even when the queue is over its nominal bound.</summary>
    private static bool IsWithinCredit(ClientSession client) => client.Tasks.Count < client.Honored;

    /// <summary>
    /// A Submit beyond the client's credit (a client that ignores credit): accepted while the queue is under its bound
    /// and no client waits to be raised to its share, so it never takes what a well-behaved client was promised.
    /// </summary>
    private bool HasRoomBeyondCredit() => _queue.Count < QueueLimit && !_creditShort;

    /// <summary>
    /// One of the client's calls finished: what it frees may go to others. An older, higher grant stops being honored
    /// one call at a time, but only for outcomes sent (after the lower Credit, so the client heard that first); a
    /// call the client cancelled freed its place on the client before the manager knew, so it keeps the grant.
    /// </summary>
    private void CreditReturned(ClientSession client, bool outcomeSent = true)
    {
        if (outcomeSent && client.Honored > client.Granted)
        {
            client.Honored--;
        }

        if (_creditShort && !_shuttingDown)
        {
            RaiseCredit();
        }
    }

    /// <summary>
    /// Recomputes every share when the clients or the cluster change: grants above their share are lowered (and
    /// announced), then those below are raised out of what is uncommitted.
    /// </summary>
    private void UpdateCredit()
    {
        if (_shuttingDown)
        {
            return; // clients have been told to drain; a new grant would tell them otherwise
        }

        var budget = Math.Max(0, CreditBudget);
        var count = _clients.Count;
        for (var i = 0; i < count; i++)
        {
            var client = _clients[i];
            client.Share = count == 0 ? 0 : budget / count + (i < budget % count ? 1 : 0);
            if (client.Granted > client.Share)
            {
                // What it was granted stays honored until that many of its calls have finished.
                client.Granted = client.Share;
                SendCredit(client);
            }
        }

        RaiseCredit();
    }

    /// <summary>Raises every client below its share as far as the uncommitted budget allows.</summary>
    private void RaiseCredit()
    {
        var free = CreditBudget - CommittedCredit();
        var stillShort = false;
        foreach (var client in _clients)
        {
            if (client.Granted >= client.Share)
            {
                continue;
            }

            // Raising to g costs max(g, committed) - committed: up to its commitment, the client's credit is free.
            var before = client.Committed;
            var raised = Math.Min(client.Share, before + Math.Max(0, free));
            if (raised > client.Granted)
            {
                client.Granted = raised;
                client.Honored = Math.Max(client.Honored, raised);
                free -= client.Committed - before;
                SendCredit(client);
            }

            stillShort |= client.Granted < client.Share;
        }

        _creditShort = stillShort;
    }

    private static void SendCredit(ClientSession client)
    {
        client.HasCredit = true;
        client.Connection.Send(new Credit { Tasks = client.Granted });
    }
}
