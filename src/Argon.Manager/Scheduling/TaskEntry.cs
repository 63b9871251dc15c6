using System.Diagnostics;
using Argon.Manager.Connections;
using Argon.Protocol.Messages;

namespace Argon.Manager.Scheduling;

/// <summary>One accepted task on the manager, from Submit until its outcome has gone back to its client.</summary>
internal sealed class TaskEntry
{
    public TaskEntry(long id, ClientSession client, Submit submit, long acceptedAt)
    {
        Id = id;
        Client = client;
        Request = submit;
        AcceptedAt = acceptedAt;
    }

    /// <summary>The manager's id, used with workers.</summary>
    public long Id { get; }

    public ClientSession Client { get; }

    public Submit Request { get; }

    /// <summary>Environment.TickCount64 when accepted: the start of its timeout and of its wait in the queue.</summary>
    public long AcceptedAt { get; }

    /// <summary>When it entered its current queue position (promotion is measured from here).</summary>
    public long QueuedAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>The worker running it, if any.</summary>
    public WorkerTracker? Worker { get; set; }

    /// <summary>Its place in the queue while it waits.</summary>
    public LinkedListNode<TaskEntry>? QueueNode { get; set; }

    public long StartedAt { get; set; }

    /// <summary>Its dispatch span, from accept to outcome; null when nobody listens to the "Argon" source.</summary>
    public Activity? Trace { get; set; }

    /// <summary>A resubmitted call waiting in its grace for a worker to name it as an orphan (<see cref="ResubmissionGrace"/>).</summary>
    public bool InGrace { get; set; }

    /// <summary>The client gave up on it (cancelled or disconnected); its outcome goes nowhere.</summary>
    public bool Abandoned { get; set; }

    public int MaxAttempts => Math.Max(1, Request.MaxAttempts);

    /// <summary>It carries shipped code, so only a worker started with --allow-eval may run it.</summary>
    public bool NeedsShippedCode => Request.Kind == TaskKind.Delegate || Request.Code is not null;
}
