using System.Diagnostics;
using Argon.Manager.Connections;
using Argon.Protocol;
using Argon.Protocol.Diagnostics;
using Argon.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Argon.Manager.Scheduling;

/// <summary>
/// The manager's scheduling state: the bounded queue, the workers, and every accepted task until its outcome
/// has gone back. One lock guards it all; work under the lock is O(log workers) and never waits on I/O
/// (sends only enqueue onto a connection's outgoing queue).
/// </summary>
internal sealed partial class Dispatcher
{
    private readonly Lock _gate = new();
    private readonly ManagerOptions _options;
    private readonly ILogger<Dispatcher> _logger;
    private readonly PriorityTaskQueue _queue = new(TimeSpan.FromSeconds(5));
    private readonly WorkerPool _workers = new();
    private readonly RateMeter _completions = new();
    private readonly PrefetchPolicy _prefetch;
    private readonly FailureLog _failures;
    private readonly long _startedAt = Environment.TickCount64;
    private double _averageTaskMs;
    private long _nextTaskId;
    private long _nextWorkerSequence;
    private long _submitted;
    private long _completed;
    private long _failed;
    private long _denied;
    private bool _shuttingDown;

    public Dispatcher(IOptions<ManagerOptions> options, ILogger<Dispatcher> logger)
    {
        _options = options.Value;
        _logger = logger;
        _prefetch = new PrefetchPolicy(_options.MaxPrefetchPerExecutor, _options.PrefetchWindow);
        _failures = new FailureLog(logger, FailureLogWindow);
    }

    /// <summary>How long a flood of one kind of failure is held to one log line (<see cref="FailureLog"/>).</summary>
    public static readonly TimeSpan FailureLogWindow = TimeSpan.FromSeconds(10);

    private int QueueLimit => _options.QueueSize > 0 ? _options.QueueSize : ManagerOptions.DefaultQueueSize(_workers.TotalCapacity);

    /// <summary>Accepts a task (running it at once when a worker is free), or denies it when the queue is full.</summary>
    public void Submit(ClientSession client, Submit submit)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (_shuttingDown)
            {
                Deny(client, submit.Id, ShutdownReason);
                return;
            }

            if (!PriorityTaskQueue.Holds(submit.Priority))
            {
                // Decoding refuses it already (MessageValidator); a task the queue cannot hold must never get in.
                throw new Protocol.ProtocolException($"task {submit.Id} has priority {(int)submit.Priority}, not one of High, Normal, Low");
            }

            if (client.Tasks.ContainsKey(submit.Id))
            {
                throw new Protocol.ProtocolException($"task id {submit.Id} is already in use by this client");
            }

            // Within its credit a client is never denied, even when re-queued tasks put the queue over its bound:
            // the sum of credit is bounded, so memory is too. Beyond it, only room nobody is waiting for is given.
            if (!IsWithinCredit(client) && !HasRoomBeyondCredit())
            {
                Deny(client, submit.Id, DenialReason(client));
                return;
            }

            var entry = new TaskEntry(++_nextTaskId, client, submit, now)
            {
                Trace = ArgonActivity.StartDetached(ArgonActivity.ManagerDispatch, ActivityKind.Server, submit.TraceParent, submit.TraceState, submit.TypeName),
            };
            client.Tasks.Add(submit.Id, entry);
            _submitted++;
            _metrics?.Submitted();
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var safeName = PeerText.Escape(client.Name);
                ManagerLog.Accepted(_logger, safeName, submit.Id, entry.Id);
            }

            FollowPriorityMix(entry.Request.Priority); // a second priority in play: no prefetch (Dispatcher.Priorities.cs)
            if (entry.NeedsShippedCode && _workers.Count > 0 && _workers.ShippedCodeCount == 0)
            {
                // Workers are there and none would run it: say so now rather than queue it for nobody.
                FailForWantOfShippedCodeWorkers(entry);
                return;
            }

            if (TryAttachOrWait(entry, now))
            {
                return; // a call moved from a lost manager (Dispatcher.Orphans.cs)
            }

            if (_queue.IsLineEmpty(entry) && _workers.TryPick(out var worker, entry.NeedsShippedCode))
            {
                Assign(entry, worker, now);
            }
            else
            {
                _queue.Enqueue(entry, now);
            }
        }
    }

    /// <summary>A worker finished a task: the outcome goes to its client and the worker gets the next task.</summary>
    public void Complete(WorkerTracker worker, Complete complete)
    {
        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (!worker.Running.TryGetValue(complete.Id, out var entry))
            {
                return; // not ours any more (the worker was dropped and the task re-dispatched)
            }

            if (complete.Outcome.Status == OutcomeStatus.Revoked)
            {
                TakeBack(worker, entry, now);
                return;
            }

            var taskMs = now - entry.StartedAt;
            _metrics?.TaskDuration(complete.Outcome.Status, taskMs);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var safeNode = PeerText.Escape(worker.NodeId);
                ManagerLog.Completed(_logger, entry.Id, safeNode, complete.Outcome.Status, taskMs);
            }

            _workers.Update(worker, w =>
            {
                w.Running.Remove(complete.Id);
                w.RecordCompletion(taskMs);
            });
            _averageTaskMs = _averageTaskMs == 0 ? taskMs : _averageTaskMs + 0.05 * (taskMs - _averageTaskMs);
            entry.Worker = null;
            _completions.Record(now);
            if (complete.Outcome.Status == OutcomeStatus.Succeeded)
            {
                _completed++;
            }
            else
            {
                _failed++;
            }

            Deliver(entry, complete.Outcome);
            Pump(now);
        }
    }

    /// <summary>The client cancelled: a waiting task is dropped, a running one is cancelled on its worker.</summary>
    public void Cancel(ClientSession client, long clientTaskId)
    {
        lock (_gate)
        {
            if (client.Tasks.Remove(clientTaskId, out var entry))
            {
                Abandon(entry);
                CreditReturned(client, outcomeSent: false);
            }
        }
    }

    public void ClientDisconnected(ClientSession client)
    {
        lock (_gate)
        {
            client.IsClosed = true;
            _clients.Remove(client);
            foreach (var entry in client.Tasks.Values)
            {
                Abandon(entry);
            }

            client.Tasks.Clear();
            UpdateCredit();
        }
    }

    private void Abandon(TaskEntry entry)
    {
        entry.Abandoned = true;
        if (entry.Trace is { } trace)
        {
            entry.Trace = null;
            trace.SetTag(ArgonActivity.StatusTag, "abandoned");
            ArgonActivity.End(trace);
        }

        LeaveGrace(entry);
        if (entry.QueueNode is not null)
        {
            _queue.Remove(entry);
        }
        else if (entry.Worker is { } worker)
        {
            worker.Connection.Send(new Cancel { Id = entry.Id });
        }
    }

    /// <summary>Gives waiting tasks to free workers until one or the other runs out (Dispatcher.Lines.cs).</summary>
    private void Pump(long now)
    {
        FollowPriorityMix(); // prefetch resumes once one priority is left (Dispatcher.Priorities.cs)
        DispatchWaiting(now);
    }

    private void Assign(TaskEntry entry, WorkerTracker worker, long now)
    {
        var timeoutMs = 0;
        if (entry.Request.TimeoutMs > 0)
        {
            timeoutMs = (int)(entry.Request.TimeoutMs - (now - entry.AcceptedAt));
            if (timeoutMs <= 0)
            {
                _failed++;
                Deliver(entry, TaskOutcome.Failure(OutcomeStatus.TimedOut,
                    $"the task waited {now - entry.AcceptedAt} ms in the queue, past its timeout of {entry.Request.TimeoutMs} ms", _options.Node));
                return;
            }
        }

        entry.Attempts++;
        entry.Worker = worker;
        entry.StartedAt = now;
        if (worker.InFlight == 0)
        {
            worker.LastProgressAt = now;
        }

        _workers.Update(worker, w => w.Running.Add(entry.Id, entry));
        worker.Connection.Send(new Assign
        {
            Id = entry.Id,
            TypeName = entry.Request.TypeName,
            Kind = entry.Request.Kind,
            Payload = entry.Request.Payload,
            TimeoutMs = timeoutMs,
            Code = entry.Request.Code,
            CallId = entry.Request.CallId,
            TraceParent = entry.Trace is null ? entry.Request.TraceParent : ArgonActivity.TraceParentOf(entry.Trace),
            TraceState = entry.Trace is null ? entry.Request.TraceState : entry.Trace.TraceStateString,
        });
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var safeName = PeerText.Escape(entry.Client.Name);
            var safeNode = PeerText.Escape(worker.NodeId);
            ManagerLog.Assigned(_logger, entry.Id, safeName, entry.Request.Id, safeNode, entry.Attempts);
        }
    }

    /// <summary>Sends a task's one outcome to its client, unless the client has given up on it.</summary>
    private void Deliver(TaskEntry entry, TaskOutcome outcome)
    {
        _metrics?.Outcome(outcome, entry.Request.TypeName);
        if (outcome.Status != OutcomeStatus.Succeeded)
        {
            _failures.Report(entry.Request.TypeName, outcome);
        }

        if (entry.Trace is { } trace)
        {
            entry.Trace = null;
            ArgonActivity.SetOutcome(trace, outcome, entry.Attempts);
            ArgonActivity.End(trace);
        }

        if (entry.Abandoned || entry.Client.IsClosed)
        {
            return;
        }

        entry.Client.Tasks.Remove(entry.Request.Id);
        CreditReturned(entry.Client);
        // Clients accept frames up to the default limit at least; a bigger one would close the client's connection.
        entry.Client.Connection.Send(new Result { Id = entry.Request.Id, Outcome = OutcomeLimit.Fit(outcome, ProtocolConstants.DefaultMaxFrameSize, "the client") });
    }

    /// <summary>Says how many failures <see cref="FailureLog"/> held back in windows that have passed.</summary>
    public void FlushFailureLog() => _failures.Flush();

    private void Deny(ClientSession client, long id, string reason)
    {
        _denied++;
        _metrics?.Denied(_shuttingDown ? "shutting_down" : _workers.Count == 0 ? "no_workers" : "queue_full");
        var depth = _queue.Count;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var safeName = PeerText.Escape(client.Name);
            ManagerLog.Denied(_logger, safeName, id, reason);
        }

        client.Connection.Send(new Deny { Id = id, Reason = reason, QueueDepth = depth, RetryAfterMs = RetryHintMs(depth) });
    }

    private string DenialReason(ClientSession client)
    {
        var full = _queue.Count >= QueueLimit
            ? $"queue full ({_queue.Count}/{QueueLimit} tasks waiting)"
            : $"no room: other clients wait for their credit ({_queue.Count}/{QueueLimit} tasks waiting), and this client has {client.Tasks.Count} tasks outstanding against its credit of {client.Granted}";
        return _workers.Count == 0 ? full + " and no worker is registered" : full;
    }

    /// <summary>About how long the queue takes to move by one task's worth for this client.</summary>
    private int RetryHintMs(int depth)
    {
        var capacity = Math.Max(1, _workers.TotalCapacity);
        var averageMs = _averageTaskMs > 0 ? _averageTaskMs : 100;
        return (int)Math.Clamp(averageMs * depth / capacity / 4, 1, 1000);
    }
}
