using Microsoft.Extensions.Logging;

namespace Argon.Manager;

internal static partial class ManagerLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Worker {Node} registered from {Address} with capacity {Capacity}")]
    public static partial void WorkerRegistered(ILogger logger, string node, string address, int capacity);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Worker {Node} at {Address} lost: {Reason}; {Requeued} task(s) queued again")]
    public static partial void WorkerLost(ILogger logger, string node, string address, string reason, int requeued);

    [LoggerMessage(EventId = 308, Level = LogLevel.Debug, Message = "Worker {Node} at {Address} now gives this manager {Capacity} executor(s)")]
    public static partial void WorkerShare(ILogger logger, string node, string address, int capacity);

    [LoggerMessage(EventId = 307, Level = LogLevel.Information, Message = "Worker {Node} at {Address} left: {Reason}")]
    public static partial void WorkerLeft(ILogger logger, string node, string address, string reason);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Denied task {TaskId} from {Client}: {Reason}")]
    public static partial void Denied(ILogger logger, string client, long taskId, string reason);

    [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Client {Client} connected from {Address}")]
    public static partial void ClientConnected(ILogger logger, string client, string address);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "Client {Client} at {Address} disconnected: {Reason}")]
    public static partial void ClientDisconnected(ILogger logger, string client, string address, string reason);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Closed connection from {Address} ({Peer}): {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, string address, string peer, string reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Manager stopping: new tasks are denied and unfinished tasks fail with \"{Reason}\"")]
    public static partial void ShuttingDown(ILogger logger, string reason);

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "Accepted task {ClientTaskId} from {Client} as task {TaskId}")]
    public static partial void Accepted(ILogger logger, string client, long clientTaskId, long taskId);

    [LoggerMessage(EventId = 311, Level = LogLevel.Debug, Message = "Assigned task {TaskId} (task {ClientTaskId} of {Client}) to worker {Worker}, attempt {Attempt}")]
    public static partial void Assigned(ILogger logger, long taskId, string client, long clientTaskId, string worker, int attempt);

    [LoggerMessage(EventId = 312, Level = LogLevel.Debug, Message = "Task {TaskId} completed {Status} on worker {Worker} in {ElapsedMs} ms")]
    public static partial void Completed(ILogger logger, long taskId, string worker, Protocol.Messages.OutcomeStatus status, long elapsedMs);

    [LoggerMessage(EventId = 313, Level = LogLevel.Debug, Message = "Task {TaskId} (call {CallId}) attached to the execution worker {Worker} held for a lost manager")]
    public static partial void AttachedOrphan(ILogger logger, long taskId, Guid callId, string worker);

    [LoggerMessage(EventId = 314, Level = LogLevel.Warning, Message = "Worker {Worker} named more than {Bound} orphaned calls: the rest are not remembered, and run again if resubmitted")]
    public static partial void OrphansOverBound(ILogger logger, string worker, int bound);

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Worker {Node} at {Address} is draining: no new tasks; {Running} still running")]
    public static partial void WorkerDraining(ILogger logger, string node, string address, int running);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Manager draining: waiting up to {TimeoutMs} ms for {Unfinished} unfinished task(s)")]
    public static partial void Draining(ILogger logger, int timeoutMs, int unfinished);

    [LoggerMessage(EventId = 322, Level = LogLevel.Debug, Message = "Worker {Node} finished nothing lately with {InFlight} task(s) for {Capacity} executor(s) while executors are idle elsewhere: revoking the ones it has not started")]
    public static partial void Revoking(ILogger logger, string node, int inFlight, int capacity);

    [LoggerMessage(EventId = 323, Level = LogLevel.Information, Message = "Task {TaskType} {Status} on {Node}: {ErrorType}: {ErrorMessage}")]
    public static partial void TaskFailed(ILogger logger, string taskType, string status, string errorType, string errorMessage, string node);

    [LoggerMessage(EventId = 324, Level = LogLevel.Information, Message = "Task {TaskType} {Status}: {ErrorType} … and {Count} more like it in the last {Seconds} s")]
    public static partial void TaskFailedMore(ILogger logger, string taskType, string status, string errorType, int count, string seconds);
}
