using Argon.Manager.Connections;
using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

/// <summary>
/// Code shipping relay: a worker's NeedCode goes to the client that owns the task, and the client's Code goes to
/// the worker running it, each with the receiver's task id. The bytes pass through untouched; the worker checks
/// their hash. A task that has moved on (cancelled, finished, re-dispatched) drops the message: its new worker asks again.
/// </summary>
internal sealed partial class Dispatcher
{
    /// <summary>Fails a task with shipped code because no registered worker accepts it.</summary>
    private void FailForWantOfShippedCodeWorkers(TaskEntry entry)
    {
        _failed++;
        Deliver(entry, TaskOutcome.Failure(OutcomeStatus.Failed,
            $"{entry.Request.TypeName} carries shipped code, and no worker of this cluster accepts shipped code: start workers with --allow-eval",
            _options.Node));
    }

    /// <summary>The last --allow-eval worker left while others stay: the shipped-code tasks waiting for one fail now.</summary>
    private void FailShippedCodeIfNobodyTakesIt()
    {
        if (_workers.Count == 0 || _workers.ShippedCodeCount > 0)
        {
            return; // with no worker at all every task waits alike; a new worker may come
        }

        foreach (var entry in _queue.RemoveWhere(e => e.NeedsShippedCode))
        {
            FailForWantOfShippedCodeWorkers(entry);
        }
    }

    public void NeedCode(WorkerTracker worker, NeedCode need)
    {
        lock (_gate)
        {
            if (worker.Running.TryGetValue(need.Id, out var entry) && !entry.Abandoned && !entry.Client.IsClosed)
            {
                entry.Client.Connection.Send(new NeedCode { Id = entry.Request.Id, Hashes = need.Hashes });
            }
        }
    }

    public void Code(ClientSession client, Code code)
    {
        lock (_gate)
        {
            if (client.Tasks.TryGetValue(code.Id, out var entry) && entry.Worker is { } worker)
            {
                worker.Connection.Send(new Code { Id = entry.Id, Hash = code.Hash, Bytes = code.Bytes, Error = code.Error });
            }
        }
    }
}
