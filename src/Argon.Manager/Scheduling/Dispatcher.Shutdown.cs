using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    /// <summary>What clients and workers are told, and what a task the manager cannot finish fails with.</summary>
    public const string ShutdownReason = "the manager is shutting down";

    /// <summary>
    /// Denies every new task from now on and tells every client so with Drain, under the lock, so that a client
    /// hears Drain before any Deny for shutting down; accepted tasks keep running and waiting ones keep being dispatched.
    /// </summary>
    public int StopAccepting()
    {
        lock (_gate)
        {
            if (!_shuttingDown)
            {
                _shuttingDown = true;
                foreach (var client in _clients)
                {
                    client.Connection.Send(new Drain { Reason = ShutdownReason });
                }
            }

            return UnfinishedTasks();
        }
    }

    /// <summary>Accepted tasks whose outcome has not gone back yet (waiting or running).</summary>
    public int Unfinished
    {
        get
        {
            lock (_gate)
            {
                return UnfinishedTasks();
            }
        }
    }

    /// <summary>Stops accepting and fails every task that has not finished, so each still gets its one outcome.</summary>
    public void Shutdown(string reason)
    {
        StopAccepting();
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                foreach (var entry in client.Tasks.Values.ToArray())
                {
                    _failed++;
                    Deliver(entry, TaskOutcome.Failure(OutcomeStatus.Failed, reason, _options.Node));

                    // Any late Complete for it is dropped, and its executor is freed.
                    Abandon(entry);
                }
            }
        }
    }

    private int UnfinishedTasks() => _clients.Sum(c => c.Tasks.Count);
}
