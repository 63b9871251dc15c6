using Microsoft.Extensions.Logging;

namespace Argon.Worker.Execution;

internal static partial class ExecutorLog
{
    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "Started {Count} executor process(es): {Pids}")]
    public static partial void Started(ILogger logger, int count, string pids);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Executor {Name} (pid {Pid}) died: {Cause} ({Reason})")]
    public static partial void Exited(ILogger logger, string name, int pid, string cause, string reason);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "Executor {Name} (pid {Pid}) has not answered for {SilentMs} ms; killing it")]
    public static partial void Unresponsive(ILogger logger, string name, int pid, long silentMs);

    [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "Replaced executor {Old} with {New} (pid {Pid}): {Reason}")]
    public static partial void Replaced(ILogger logger, string old, string @new, int pid, string reason);

    [LoggerMessage(EventId = 424, Level = LogLevel.Error, Message = "Could not start a replacement executor; retrying: {Reason}")]
    public static partial void ReplacementFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 425, Level = LogLevel.Warning, Message = "Task {TypeName} crashed executor {Name}; trying it once more on another executor: {Cause}")]
    public static partial void CrashRetry(ILogger logger, string typeName, string name, string cause);

    [LoggerMessage(EventId = 426, Level = LogLevel.Debug, Message = "{Name}: {Line}")]
    public static partial void Output(ILogger logger, string name, string line);

    [LoggerMessage(EventId = 427, Level = LogLevel.Debug, Message = "Task {TaskId} ({TypeName}) running on executor {Name} (pid {Pid})")]
    public static partial void TaskRunning(ILogger logger, long taskId, string typeName, string name, int pid);
}
