using System.Diagnostics;
using Argon.Protocol.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Argon.Cli.Console;

/// <summary>
/// With <c>ARGON_TRACE_LOG=1</c> in the environment, every span of the "Argon" source is recorded and logged, at
/// Information under the category Argon.Tracing, as it ends: its name, trace id, span id, parent, status and duration.
/// A look at traces without a collector, and how the integration tests follow one trace across the processes. The
/// worker's executors inherit the variable and log theirs to stderr. Off by default: then nothing listens.
/// </summary>
internal sealed partial class SpanLog : IHostedService, IDisposable
{
    public const string Variable = "ARGON_TRACE_LOG";

    private readonly ILogger _logger;
    private readonly ActivityListener _listener;

    public SpanLog(ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger("Argon.Tracing");
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ArgonActivity.Name,
            Sample = static (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Ended,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public static bool IsRequested => Environment.GetEnvironmentVariable(Variable) is "1" or "true";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void Ended(Activity activity)
    {
        var parent = activity.ParentSpanId == default ? "-" : activity.ParentSpanId.ToHexString();
        var status = activity.GetTagItem(ArgonActivity.StatusTag) as string ?? "-";
        var trace = activity.TraceId.ToHexString();
        var span = activity.SpanId.ToHexString();
        var error = activity.GetTagItem("error.type") as string ?? "-";
        Ended(_logger, activity.OperationName, trace, span, parent, status, (long)activity.Duration.TotalMilliseconds, error);
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information,
        Message = "Span {Span} ended {Status} in {DurationMs} ms: trace {Trace}, span {SpanId}, parent {Parent}, error {Error}")]
    private static partial void Ended(ILogger logger, string span, string trace, string spanId, string parent, string status, long durationMs, string error);
}
