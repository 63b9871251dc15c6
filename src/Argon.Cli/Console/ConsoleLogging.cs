using Argon.Cli.Options;
using Microsoft.Extensions.Logging;

namespace Argon.Cli.Console;

/// <summary>Logs to standard error, one line per entry (text) or one JSON object per line; stdout stays for results.</summary>
internal static class ConsoleLogging
{
    public static ILoggingBuilder AddArgonConsole(this ILoggingBuilder logging, LogLevel level, LogFormat format)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(level);

        // The framework's own chatter only when debugging.
        logging.AddFilter("Microsoft", level <= LogLevel.Debug ? level : LogLevel.Warning);
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        return logging;
    }

    public static ILoggerFactory CreateFactory(LogLevel level, LogFormat format) =>
        LoggerFactory.Create(builder => builder.AddArgonConsole(level, format));
}
