using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    /// <summary>Denies every new task from now on; accepted ones keep running and waiting ones keep being dispatched.</summary>
    public int StopAccepting()
    {
        lock (_gate)
        {
            _shuttingDown = true;
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
        lock (_gate)
        {
            _shuttingDown = true;
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
