using System.Diagnostics;
using System.Text.Json;
using Argon.Cli.Console;
using Argon.IntegrationTests.Infrastructure;
using Argon.Protocol.Diagnostics;
using Argon.Samples;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Argon.IntegrationTests.Observability;

/// <summary>
/// One trace id covers a call's client span (OpenTelemetry's in-memory exporter, here) and the spans of the manager,
/// the worker and the executor (each process logs its spans as JSON with ARGON_TRACE_LOG; the executor's come through
/// the worker's debug log of its stderr), each span the child of the one before: for a task that succeeds and one that throws.
/// </summary>
public sealed class TracingTests
{
    [Fact]
    public async Task OneTrace_CoversClientManagerWorkerAndExecutor_ForASuccessAndAFailure()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ArgonActivity.Name).AddInMemoryExporter(spans).Build();
        await using var cluster = await StartTracedClusterAsync();
        var worker = cluster.Cluster.Workers[0];

        Assert.Equal(42, await cluster.Client.QueueAsync(new Add(20, 22)).WaitAsync(Limits.Call));
        await FollowAsync(cluster, worker, ClientSpan(spans, typeof(Add).FullName!), "succeeded");

        await Assert.ThrowsAsync<ArgonTaskException>(() => cluster.Client.QueueAsync(new Fail("traced boom")).WaitAsync(Limits.Call));
        var failed = ClientSpan(spans, typeof(Fail).FullName!);
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, failed.GetTagItem("error.type"));
        var dispatch = await FollowAsync(cluster, worker, failed, "faulted");
        Assert.Equal(typeof(InvalidOperationException).FullName, dispatch.GetProperty("Error").GetString());

        // The operators' line for the failure, at Information.
        await Eventually.LineAfterAsync(cluster.Manager, 0, l => l.Contains("\"EventId\":323", StringComparison.Ordinal) && l.Contains("traced boom", StringComparison.Ordinal));
    }

    /// <summary>
    /// Finds the manager's, the worker's and the executor's spans of <paramref name="client"/>'s trace, each under the one
    /// before, and a JSON log line of the worker's run carrying the trace's TraceId. Returns the manager's span line's State.
    /// </summary>
    private static async Task<JsonElement> FollowAsync(TestCluster cluster, Cli.Processes.ArgonProcess worker, Activity client, string status)
    {
        var trace = client.TraceId.ToHexString();
        var dispatch = await SpanAsync(cluster.Manager, ArgonActivity.ManagerDispatch, trace);
        Assert.Equal(client.SpanId.ToHexString(), dispatch.GetProperty("Parent").GetString());
        Assert.Equal(status, dispatch.GetProperty("Status").GetString());
        var run = await SpanAsync(worker, ArgonActivity.WorkerRun, trace);
        Assert.Equal(dispatch.GetProperty("SpanId").GetString(), run.GetProperty("Parent").GetString());
        Assert.Equal(status, run.GetProperty("Status").GetString());

        // The executor's span line, as the worker logged its stderr: under the worker's span, in the same trace.
        var runSpanId = run.GetProperty("SpanId").GetString()!;
        await Eventually.LineAfterAsync(worker, 0, l => l.Contains(ArgonActivity.ExecutorRun, StringComparison.Ordinal)
            && l.Contains(trace, StringComparison.Ordinal) && l.Contains(runSpanId, StringComparison.Ordinal) && l.Contains(status, StringComparison.Ordinal));

        // A line the worker logged inside its span carries the trace in its scope (ActivityTrackingOptions).
        await Eventually.LineAfterAsync(worker, 0, l => l.Contains("\"EventId\":405", StringComparison.Ordinal)
            && l.Contains($"\"TraceId\":\"{trace}\"", StringComparison.Ordinal) && l.Contains($"\"SpanId\":\"{runSpanId}\"", StringComparison.Ordinal));
        return dispatch;
    }

    private static async Task<JsonElement> SpanAsync(Cli.Processes.ArgonProcess process, string name, string trace)
    {
        var line = await Eventually.LineAfterAsync(process, 0, l => l.StartsWith('{') && l.Contains("\"EventId\":900", StringComparison.Ordinal)
            && l.Contains($"\"Span\":\"{name}\"", StringComparison.Ordinal) && l.Contains($"\"Trace\":\"{trace}\"", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("State").Clone();
    }

    private static Activity ClientSpan(List<Activity> spans, string typeName)
    {
        lock (spans)
        {
            return Assert.Single(spans, s => s.OperationName == ArgonActivity.ClientCall && Equals(s.GetTagItem(ArgonActivity.TaskTypeTag), typeName));
        }
    }

    /// <summary>
    /// A cluster whose processes log their spans (ARGON_TRACE_LOG, inherited by the worker's executors) as JSON; the
    /// worker at debug, so that its executors' stderr is in its log. The integration tests run one at a time, so the
    /// variable, set only while the processes start, reaches no other test's.
    /// </summary>
    private static async Task<TestCluster> StartTracedClusterAsync()
    {
        Environment.SetEnvironmentVariable(SpanLog.Variable, "1");
        try
        {
            return await TestCluster.StartAsync(workers: 1, capacity: 1, ["--log-format", "json"],
                workerArguments: ["--log-format", "json", "--verbose", "debug"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SpanLog.Variable, null);
        }
    }
}
