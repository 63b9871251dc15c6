using Microsoft.Extensions.Logging;

namespace Argon.Cli.Options;

/// <summary>
/// --verbose as in the original: 1 fatal … 5 warn, 6 notice, 7 info, 8 debug, 9 trace, or a level name.
/// Notice and info both map to Information; the default is 6.
/// </summary>
internal static class Verbosity
{
    public const LogLevel Default = LogLevel.Information;

    public static bool TryParse(string text, out LogLevel level)
    {
        level = text.Trim().ToLowerInvariant() switch
        {
            "1" or "2" or "3" or "fatal" or "alert" or "critical" or "crit" => LogLevel.Critical,
            "4" or "error" or "err" => LogLevel.Error,
            "5" or "warn" or "warning" => LogLevel.Warning,
            "6" or "7" or "notice" or "info" or "information" => LogLevel.Information,
            "8" or "debug" => LogLevel.Debug,
            "9" or "trace" => LogLevel.Trace,
            "0" or "none" or "quiet" => LogLevel.None,
            _ => (LogLevel)(-1),
        };
        return level >= 0;
    }
}
