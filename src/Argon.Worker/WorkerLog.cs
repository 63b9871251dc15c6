using Microsoft.Extensions.Logging;

namespace Argon.Worker;

internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Registered with manager {Manager} ({ManagerNode}) as {Node}, capacity {Capacity}")]
    public static partial void Registered(ILogger logger, string manager, string managerNode, string node, int capacity);

    [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Cannot reach manager {Manager}: {Reason}; retrying in {DelayMs} ms")]
    public static partial void ManagerUnreachable(ILogger logger, string manager, string reason, int delayMs);

    [LoggerMessage(EventId = 402, Level = LogLevel.Critical, Message = "Manager {Manager} refused this worker: {Reason}")]
    public static partial void Refused(ILogger logger, string manager, string reason);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Connection to manager {Manager} ended: {Reason}")]
    public static partial void ManagerLost(ILogger logger, string manager, string reason);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Manager {Manager} is shutting down ({Reason}); connecting again in a moment")]
    public static partial void ManagerLeft(ILogger logger, string manager, string reason);

    [LoggerMessage(EventId = 406, Level = LogLevel.Information, Message = "Worker stopping: disconnecting from manager {Manager}; its running tasks go back to the manager's queue")]
    public static partial void Stopping(ILogger logger, string manager);

    [LoggerMessage(EventId = 405, Level = LogLevel.Debug, Message = "Task {TaskId} ({TypeName}) ended {Status}")]
    public static partial void TaskEnded(ILogger logger, long taskId, string typeName, Protocol.Messages.OutcomeStatus status);

    [LoggerMessage(EventId = 407, Level = LogLevel.Warning, Message = "Closed direct connection from {Address} ({Peer}): {Reason}")]
    public static partial void DirectProtocolViolation(ILogger logger, string address, string peer, string reason);

    [LoggerMessage(EventId = 430, Level = LogLevel.Information, Message = "Worker draining: told manager {Manager}; waiting up to {TimeoutMs} ms for {Running} running task(s)")]
    public static partial void Draining(ILogger logger, string manager, int timeoutMs, int running);

    [LoggerMessage(EventId = 431, Level = LogLevel.Information, Message = "Worker drained: every task finished; leaving manager {Manager}")]
    public static partial void Drained(ILogger logger, string manager);

    [LoggerMessage(EventId = 433, Level = LogLevel.Information, Message = "Manager {Manager} was lost with {Held} task(s) held: those already started run on, and their calls can be attached by another manager")]
    public static partial void Orphaned(ILogger logger, string manager, int held);

    [LoggerMessage(EventId = 432, Level = LogLevel.Warning, Message = "Worker drain timed out with {Running} task(s) still running; the manager runs them again elsewhere")]
    public static partial void DrainTimedOut(ILogger logger, int running);

    [LoggerMessage(EventId = 408, Level = LogLevel.Information, Message = "Stored shipped assembly {Name} ({Hash}, {Bytes} bytes); {Stored} shipped so far")]
    public static partial void StoredCode(ILogger logger, string name, string hash, int bytes, long stored);

    [LoggerMessage(EventId = 409, Level = LogLevel.Debug, Message = "Evicted shipped assembly {Hash} ({Bytes} bytes) from the code cache")]
    public static partial void EvictedCode(ILogger logger, string hash, long bytes);

    [LoggerMessage(EventId = 440, Level = LogLevel.Error, Message = "Task {TaskId} ({TypeName}) failed in the worker itself; it is answered as Failed")]
    public static partial void TaskPathFailed(ILogger logger, Exception exception, long taskId, string typeName);

    [LoggerMessage(EventId = 441, Level = LogLevel.Warning, Message = "This worker was paused; task starts wait until manager {Manager} confirms the session")]
    public static partial void Paused(ILogger logger, string manager);
}
