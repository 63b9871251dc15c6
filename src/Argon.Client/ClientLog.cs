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

    [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "Shipping assembly {Hash} for task {TaskId}")]
    public static partial void ShippingAssembly(ILogger logger, long taskId, string hash);
}
