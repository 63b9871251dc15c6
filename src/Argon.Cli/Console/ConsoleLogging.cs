using Argon.Cli.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Argon.Cli.Console;

/// <summary>Logs to standard error, one line per entry (text) or one JSON object per line; stdout stays for results.</summary>
internal static class ConsoleLogging
{
    /// <summary>True once logging is set up at debug or trace: a failure then prints its details too.</summary>
    public static bool Detailed { get; private set; }

    public static ILoggingBuilder AddArgonConsole(this ILoggingBuilder logging, LogLevel level, LogFormat format)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(level);

        // The framework's own chatter only when debugging. Below debug, the host's errors (a port in use, a service
        // that failed, each with its stack trace) are left out: the command reports them itself, as one line.
        Detailed = level <= LogLevel.Debug;
        logging.AddFilter("Microsoft", Detailed ? level : LogLevel.Warning);
        if (!Detailed)
        {
            logging.AddFilter("Microsoft.Extensions.Hosting", l => l == LogLevel.Warning);
        }

        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (format == LogFormat.Json)
        {
            // A line logged inside a span carries its TraceId and SpanId (in "Scopes"), to join it to the trace.
            logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = true;
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

        if (SpanLog.IsRequested)
        {
            logging.Services.AddHostedService<SpanLog>();
        }

        return logging;
    }

    public static ILoggerFactory CreateFactory(LogLevel level, LogFormat format) =>
        LoggerFactory.Create(builder => builder.AddArgonConsole(level, format));
}
