using System.Diagnostics;
using Argon.Protocol;
using Argon.Protocol.Diagnostics;
using Argon.Protocol.Messages;
using Argon.Worker.Execution;
using Argon.Worker.Shipping;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Argon.Worker;

/// <summary>
/// The one path a task takes on a worker, for a manager's Assign and a direct client's Submit alike: its shipped
/// code is fetched if it needs any, then it runs on the executors. It always ends in exactly one outcome: anything
/// that goes wrong on the way, the worker's own bugs included, becomes a Failed outcome for that task alone.
/// </summary>
internal sealed class TaskExecution(ITaskRunner runner, ShippedCodeGate shipped, IOptions<WorkerOptions> options, ILogger<TaskExecution> logger)
{
    private readonly WorkerOptions _options = options.Value;

    /// <summary>Runs <paramref name="request"/> (its Code as it came on the wire) to its outcome. Never throws.</summary>
    /// <param name="request">The task; its timeout already resolved.</param>
    /// <param name="fetcher">Where missing shipped assemblies are asked for: the connection the task came on.</param>
    /// <param name="revoked">Takes the task back unstarted (see <see cref="ITaskRunner.RunAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the task, waiting or running.</param>
    public Task<TaskOutcome> RunAsync(TaskRequest request, CodeFetcher fetcher, CancellationToken revoked, CancellationToken cancellationToken) =>
        ArgonActivity.Source.HasListeners()
            ? RunTracedAsync(request, fetcher, revoked, cancellationToken)
            : RunUntracedAsync(request, fetcher, revoked, cancellationToken);

    /// <summary>With a listener on the "Argon" source: the run is a span, under the traceparent the task came with, and the executor's span goes under it.</summary>
    private async Task<TaskOutcome> RunTracedAsync(TaskRequest request, CodeFetcher fetcher, CancellationToken revoked, CancellationToken cancellationToken)
    {
        using var activity = ArgonActivity.StartDetached(ArgonActivity.WorkerRun, ActivityKind.Server, request.TraceParent, request.TraceState, request.TypeName);
        if (activity is null)
        {
            return await RunUntracedAsync(request, fetcher, revoked, cancellationToken).ConfigureAwait(false);
        }

        Activity.Current = activity; // this method's own flow: the logs of the run (Task … ended) carry the span
        activity.SetTag(ArgonActivity.NodeTag, _options.Node);
        var outcome = await RunUntracedAsync(request with { TraceParent = activity.Id, TraceState = activity.TraceStateString }, fetcher, revoked, cancellationToken)
            .ConfigureAwait(false);
        ArgonActivity.SetOutcome(activity, outcome);
        return outcome;
    }

    private async Task<TaskOutcome> RunUntracedAsync(TaskRequest request, CodeFetcher fetcher, CancellationToken revoked, CancellationToken cancellationToken)
    {
        try
        {
            var (refusal, code) = await shipped.PrepareAsync(request.Id, request.TypeName, request.Kind, request.Code, fetcher, revoked, cancellationToken)
                .ConfigureAwait(false);
            var outcome = refusal ?? await runner.RunAsync(request with { Code = code }, revoked, cancellationToken).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var safeTypeName = PeerText.Escape(request.TypeName);
                WorkerLog.TaskEnded(logger, request.Id, safeTypeName, outcome.Status);
            }

            return outcome;
        }
        catch (Exception ex)
        {
            // A bug of the worker's own: this task fails with it, and nothing else does.
            var safeTypeName = PeerText.Escape(request.TypeName);
            WorkerLog.TaskPathFailed(logger, ex, request.Id, safeTypeName);
            return TaskOutcome.Failure(OutcomeStatus.Failed,
                $"Worker {_options.Node} could not run {safeTypeName}: {ex.GetType().Name}: {ex.Message}", _options.Node);
        }
    }
}
