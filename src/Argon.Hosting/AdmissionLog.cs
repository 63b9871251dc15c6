using Microsoft.Extensions.Logging;

namespace Argon.Hosting;

/// <summary>Log messages of the connection limits (EventIds 210-219 of Argon.Hosting).</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(EventId = 210, Level = LogLevel.Warning,
        Message = "Refused connection from {Remote}: {Limit}; further refusals are summed up every {Seconds:0} s")]
    public static partial void Refused(ILogger logger, string remote, string limit, double seconds);

    [LoggerMessage(EventId = 211, Level = LogLevel.Warning, Message = "Refused in the last {Seconds:0} s: {Summary}")]
    public static partial void RefusedSummary(ILogger logger, double seconds, string summary);
}
