using Microsoft.Extensions.Logging;

namespace Argon;

internal static partial class ClientLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Connected to {Endpoint} ({Node})")]
    public static partial void Connected(ILogger logger, string endpoint, string node);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Connection to {Endpoint} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Task {TypeName} denied ({Reason}); retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string typeName, string reason, int attempt, int delayMs);

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Task {TaskId} ({TypeName}) submitted to {Endpoint}")]
    public static partial void Submitted(ILogger logger, long taskId, string typeName, string endpoint);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Task {TaskId} ({TypeName}) completed {Status} on {Node}")]
    public static partial void Completed(ILogger logger, long taskId, string typeName, Protocol.Messages.OutcomeStatus status, string? node);

    [LoggerMessage(EventId = 105, Level = LogLevel.Debug, Message = "Task {TaskId} ({TypeName}) denied: {Reason}")]
    public static partial void Denied(ILogger logger, long taskId, string typeName, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Reconnecting to {Endpoint} failed (attempt {Attempt}): {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string endpoint, int attempt, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Task {TypeName} was in flight when the connection was lost ({Reason}); submitting it again")]
    public static partial void Resubmitting(ILogger logger, string typeName, string reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Debug, Message = "Shipping assembly {Hash} for task {TaskId}")]
    public static partial void ShippingAssembly(ILogger logger, long taskId, string hash);

    [LoggerMessage(EventId = 109, Level = LogLevel.Information, Message = "{Endpoint} ({Node}) is shutting down ({Reason}): no new calls go to it; {Waiting}")]
    public static partial void ServerDraining(ILogger logger, string endpoint, string node, string reason, string waiting);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Connection to {Endpoint} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Manager {Endpoint} was not reached at connect ({Reason}); it is {Fate}")]
    public static partial void ManagerNotReached(ILogger logger, string endpoint, string reason, string fate);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Manager {Endpoint} is left out for good: {Reason}")]
    public static partial void ManagerLeftOut(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 113, Level = LogLevel.Debug, Message = "Task {TypeName} was in flight on {Endpoint} when it was lost ({Reason}); moving it to another manager")]
    public static partial void MovingCall(ILogger logger, string typeName, string endpoint, string reason);
}
