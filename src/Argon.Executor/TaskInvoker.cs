using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;
using MessagePack;

namespace Argon.Executor;

/// <summary>
/// Runs one task request: resolves its type in the catalog, rebuilds the task from its payload, runs it, and
/// turns the result or the exception into an outcome. Never throws for anything the task or the payload does.
/// </summary>
public sealed partial class TaskInvoker(TaskCatalog catalog, string node, Shipping.ShippedCodeStore? shipped = null)
{
    public string Node => node;

    public Task<TaskOutcome> InvokeAsync(string typeName, TaskKind kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        InvokeAsync(typeName, kind, payload, null, cancellationToken);

    /// <summary>Runs a task; with <paramref name="code"/>, from shipped code (see TaskInvoker.Shipped.cs).</summary>
    public async Task<TaskOutcome> InvokeAsync(string typeName, TaskKind kind, ReadOnlyMemory<byte> payload, CodeReference? code, CancellationToken cancellationToken)
    {
        if (kind == TaskKind.Delegate || code is not null && shipped is not null)
        {
            return await InvokeShippedAsync(typeName, kind, payload, code, cancellationToken).ConfigureAwait(false);
        }

        if (!catalog.TryResolve(typeName, out var taskType))
        {
            return TaskOutcome.Failure(OutcomeStatus.UnknownType, UnknownType(typeName), node);
        }

        var (task, rebuildFailure) = Rebuild(typeName, () => kind switch
        {
            TaskKind.Instance => TaskSerializer.Deserialize(taskType.Type, payload),
            TaskKind.ByName => ConstructorBinder.Construct(taskType.Type, ReadArguments(payload)),
            _ => throw new InvalidOperationException($"unknown task kind {kind}"),
        });
        if (rebuildFailure is not null)
        {
            return rebuildFailure;
        }

        var (result, runFailure) = await RunTaskAsync(typeName, taskType, task!, cancellationToken).ConfigureAwait(false);
        if (runFailure is not null)
        {
            return runFailure;
        }

        try
        {
            return new TaskOutcome
            {
                Status = OutcomeStatus.Succeeded,
                Payload = TaskSerializer.Serialize(taskType.ResultType, result),
                ResultType = taskType.ResultType.FullName,
                Node = node,
            };
        }
        catch (Exception ex)
        {
            return TaskOutcome.Failure(OutcomeStatus.Failed,
                $"The result of {typeName} ({taskType.ResultType.FullName}) could not be serialized: {Unwrap(ex).Message}", node);
        }
    }

    private string UnknownType(string typeName) =>
        $"Unknown task type '{typeName}' on node {node}: only public classes implementing ITask<T> or IAsyncTask<T> " +
        $"in a loaded task assembly can run. Start the worker with --load path/to/YourTasks.dll " +
        $"(loaded now: {(catalog.Sources.Count == 0 ? "none" : string.Join(", ", catalog.Sources))}).";

    private static object?[] ReadArguments(ReadOnlyMemory<byte> payload) =>
        MessagePackSerializer.Deserialize<object?[]>(payload, MessageCodec.Options) ?? [];

    /// <summary>Rebuilds a task from its payload, or says why it cannot be.</summary>
    private (object? Task, TaskOutcome? Failure) Rebuild(string typeName, Func<object?> build)
    {
        try
        {
            return (build() ?? throw new InvalidOperationException("the payload is nil"), null);
        }
        catch (Exception ex)
        {
            return (null, TaskOutcome.Failure(OutcomeStatus.Failed, $"Could not rebuild a {typeName} from its payload: {Unwrap(ex).Message}", node));
        }
    }

    /// <summary>Runs a rebuilt task: its result, or the outcome its exception or cancellation makes.</summary>
    private async Task<(object? Result, TaskOutcome? Failure)> RunTaskAsync(string typeName, TaskType taskType, object task, CancellationToken cancellationToken)
    {
        try
        {
            return (await taskType.RunAsync(task, cancellationToken).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{typeName} was cancelled", node));
        }
        catch (Exception ex)
        {
            return (null, Faulted(ex));
        }
    }

    private TaskOutcome Faulted(Exception ex)
    {
        var error = Unwrap(ex);
        return new TaskOutcome
        {
            Status = OutcomeStatus.Faulted,
            // A task's exception may say anything at any length: fitted to the protocol's bounds, so it is one outcome.
            ErrorType = PeerText.FitLine(error.GetType().FullName, MessageLimits.MaxTypeNameLength),
            ErrorMessage = PeerText.FitMultiline(error.Message, MessageLimits.MaxErrorMessageLength),
            ErrorStackTrace = PeerText.FitMultiline(error.StackTrace, MessageLimits.MaxStackTraceLength),
            Node = node,
        };
    }

    private static Exception Unwrap(Exception ex) =>
        ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : ex;
}
