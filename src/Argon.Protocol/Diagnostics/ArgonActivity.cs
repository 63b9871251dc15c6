using System.Diagnostics;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Diagnostics;

/// <summary>
/// Argon's one <see cref="ActivitySource"/>, named "Argon", and the few steps every process takes with it: start a
/// span under the trace context a message carried, tag it with the task's outcome, and end it. With no listener on
/// the source nothing is created: each step is a null check (docs/operations.md, "Tracing and OpenTelemetry").
/// </summary>
public static class ArgonActivity
{
    /// <summary>The name of the source and of the meter: what an OpenTelemetry SDK subscribes to.</summary>
    public const string Name = "Argon";

    /// <summary>A call on the client, from the first Submit to its outcome.</summary>
    public const string ClientCall = "argon.client.call";

    /// <summary>A task on the manager, from accepting its Submit to sending its Result.</summary>
    public const string ManagerDispatch = "argon.manager.dispatch";

    /// <summary>A task on a worker, from its Assign (or a direct client's Submit) to its Complete.</summary>
    public const string WorkerRun = "argon.worker.run";

    /// <summary>A task in an executor process, from its start to its outcome.</summary>
    public const string ExecutorRun = "argon.executor.run";

    /// <summary>Tag: the task's type name.</summary>
    public const string TaskTypeTag = "argon.task.type";

    /// <summary>Tag: the outcome's status (succeeded, faulted, timed_out …).</summary>
    public const string StatusTag = "argon.task.status";

    /// <summary>Tag: the node that ran the task (or this one).</summary>
    public const string NodeTag = "argon.node";

    /// <summary>Tag: which attempt this is (the manager's count of Assigns for the task).</summary>
    public const string AttemptTag = "argon.task.attempt";

    /// <summary>The one "Argon" activity source every process starts its spans from.</summary>
    public static ActivitySource Source { get; } = new(Name, typeof(ArgonActivity).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// Starts a span under <paramref name="traceParent"/> (a new trace when it is null or unusable), or returns null
    /// when nobody listens. <see cref="Activity.Current"/> is left as it was: the caller may be a connection's loop,
    /// which the span must not leak into. End it with <see cref="End"/>.
    /// </summary>
    public static Activity? StartDetached(string name, ActivityKind kind, string? traceParent, string? traceState, string taskType)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var previous = Activity.Current;
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent);
        var activity = Source.StartActivity(name, kind, parent);
        Activity.Current = previous;
        activity?.SetTag(TaskTypeTag, taskType);
        return activity;
    }

    /// <summary>The W3C traceparent to send on for <paramref name="activity"/>, or null.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;

    /// <summary>Tags the span with <paramref name="outcome"/>: its status and node, and an error status when it failed.</summary>
    public static void SetOutcome(Activity activity, TaskOutcome outcome, int attempt = 0)
    {
        activity.SetTag(StatusTag, OutcomeNames.Of(outcome.Status));
        if (outcome.Node is { } node)
        {
            activity.SetTag(NodeTag, node);
        }

        if (attempt > 0)
        {
            activity.SetTag(AttemptTag, attempt);
        }

        if (outcome.Status != OutcomeStatus.Succeeded)
        {
            activity.SetTag("error.type", outcome.ErrorType ?? OutcomeNames.Of(outcome.Status));
            activity.SetStatus(ActivityStatusCode.Error, outcome.ErrorType is { } type ? $"{type}: {outcome.ErrorMessage}" : outcome.ErrorMessage);
        }
    }

    /// <summary>Marks the span failed with <paramref name="exception"/> (its type as error.type, and an exception event).</summary>
    public static void SetError(Activity activity, Exception exception)
    {
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }

    /// <summary>Ends a span started with <see cref="StartDetached"/>, from any thread, leaving <see cref="Activity.Current"/> alone.</summary>
    public static void End(Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
