using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Argon.Manager.Tests;

/// <summary>A dispatcher with recording peers, and helpers to drive it.</summary>
internal sealed class DispatcherFixture
{
    private long _nextClientId;

    public DispatcherFixture(int queueSize = 0, int prefetch = 0, TimeSpan? shippedCodeWait = null, ILogger<Dispatcher>? logger = null)
    {
        var options = new ManagerOptions { QueueSize = queueSize, MaxPrefetchPerExecutor = prefetch, Node = "test-manager" };
        options.ShippedCodeWait = shippedCodeWait ?? options.ShippedCodeWait;
        Dispatcher = new Dispatcher(
            Options.Create(options),
            logger ?? NullLogger<Dispatcher>.Instance);
    }

    public Dispatcher Dispatcher { get; }

    public (ClientSession Session, RecordingSender Sender) Client(string name = "client")
    {
        var sender = new RecordingSender(name);
        var session = new ClientSession(sender, name);
        Dispatcher.ClientConnected(session);
        return (session, sender);
    }

    public (WorkerTracker Tracker, RecordingSender Sender) Worker(int capacity, string name = "worker", bool allowEval = false)
    {
        var sender = new RecordingSender(name);
        return (Dispatcher.RegisterWorker(sender, new Register { NodeId = name, Capacity = capacity, AllowEval = allowEval }), sender);
    }

    /// <summary>A client task id not used yet, for submits built by hand.</summary>
    public long NextClientTaskId() => ++_nextClientId;

    public long Submit(ClientSession client, TaskPriority priority = TaskPriority.Normal, int maxAttempts = 2, int timeoutMs = 0)
    {
        var id = NextClientTaskId();
        Dispatcher.Submit(client, new Submit
        {
            Id = id,
            TypeName = "T",
            Kind = TaskKind.Instance,
            Payload = new byte[] { 0xC0 },
            Priority = priority,
            MaxAttempts = maxAttempts,
            TimeoutMs = timeoutMs,
        });
        return id;
    }

    public void Complete(WorkerTracker worker, long managerId, OutcomeStatus status = OutcomeStatus.Succeeded) =>
        Dispatcher.Complete(worker, new Complete { Id = managerId, Outcome = new TaskOutcome { Status = status } });
}
