using System.Diagnostics;
using Argon.Protocol.Diagnostics;
using Argon.Protocol.Messages;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Argon.Manager.Tests;

/// <summary>The manager's dispatch span, seen through OpenTelemetry's in-memory exporter: from accept to outcome, under the Submit's trace context.</summary>
[Collection(nameof(ArgonSourceCollection))]
public sealed class DispatchTracingTests
{
    private const string ClientTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void Dispatch_SpansFromAcceptToOutcome_UnderTheSubmitsTraceContext_AndAssignCarriesIt()
    {
        var spans = new List<Activity>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ArgonActivity.Name).AddInMemoryExporter(spans).Build())
        {
            var fixture = new DispatcherFixture();
            var (worker, workerSent) = fixture.Worker(capacity: 1, name: "w1");
            var (client, _) = fixture.Client();
            fixture.Dispatcher.Submit(client, Submit(1, ClientTraceParent, "Traced.First"));
            var assign = workerSent.OfType<Assign>().Single();
            fixture.Dispatcher.Complete(worker, new Complete { Id = assign.Id, Outcome = new TaskOutcome { Status = OutcomeStatus.Succeeded, Node = "w1" } });

            var span = Assert.Single(spans, s => Equals(s.GetTagItem(ArgonActivity.TaskTypeTag), "Traced.First"));
            Assert.Equal(ArgonActivity.ManagerDispatch, span.OperationName);
            Assert.Equal(ActivityKind.Server, span.Kind);
            Assert.Equal("0af7651916cd43dd8448eb211c80319c", span.TraceId.ToHexString());
            Assert.Equal("b7ad6b7169203331", span.ParentSpanId.ToHexString());
            Assert.Equal(span.Id, assign.TraceParent);
            Assert.Equal("succeeded", span.GetTagItem(ArgonActivity.StatusTag));
            Assert.Equal("w1", span.GetTagItem(ArgonActivity.NodeTag));
            Assert.Equal(1, span.GetTagItem(ArgonActivity.AttemptTag));
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.Null(Activity.Current); // nothing leaks into the connection's flow
        }
    }

    [Fact]
    public void Dispatch_OfAFaultedTask_EndsWithErrorStatusAndTheExceptionType()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(ArgonActivity.Name).AddInMemoryExporter(spans).Build();
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();
        fixture.Dispatcher.Submit(client, Submit(1, traceParent: null, "Traced.Faulted"));
        var assign = workerSent.OfType<Assign>().Single();
        fixture.Dispatcher.Complete(worker, new Complete
        {
            Id = assign.Id,
            Outcome = new TaskOutcome { Status = OutcomeStatus.Faulted, ErrorType = "System.InvalidOperationException", ErrorMessage = "boom" },
        });

        var span = Assert.Single(spans, s => Equals(s.GetTagItem(ArgonActivity.TaskTypeTag), "Traced.Faulted"));
        Assert.True(span.Recorded);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("System.InvalidOperationException", span.GetTagItem("error.type"));
        Assert.Equal("faulted", span.GetTagItem(ArgonActivity.StatusTag));
        Assert.Equal(span.Id, assign.TraceParent); // a new trace, started here
    }

    [Fact]
    public void Dispatch_WithNoListener_CreatesNoSpan_AndPassesTheSubmitsContextOn()
    {
        var fixture = new DispatcherFixture();
        var (_, workerSent) = fixture.Worker(capacity: 1);
        var (client, _) = fixture.Client();

        fixture.Dispatcher.Submit(client, Submit(1, ClientTraceParent, "Untraced"));

        var assign = workerSent.OfType<Assign>().Single();
        Assert.Equal(ClientTraceParent, assign.TraceParent);
    }

    private static Submit Submit(long id, string? traceParent, string typeName) => new()
    {
        Id = id,
        TypeName = typeName,
        Kind = TaskKind.Instance,
        Payload = new byte[] { 0xC0 },
        MaxAttempts = 1,
        TraceParent = traceParent,
    };
}

/// <summary>Tests that listen to the process-wide "Argon" source run one at a time.</summary>
[CollectionDefinition(nameof(ArgonSourceCollection), DisableParallelization = true)]
public sealed class ArgonSourceCollection;
