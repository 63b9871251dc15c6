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
