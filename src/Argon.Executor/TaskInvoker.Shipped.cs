using Argon.Executor.Shipping;
using Argon.Protocol.Messages;
using Argon.Protocol.Shipping;

namespace Argon.Executor;

/// <summary>
/// Shipped code: a delegate (ProcessAsync), or a task class sent with its assemblies. Both run from a collectible
/// context of the shipped assemblies, and their values are read and written by <see cref="ShippedValueCodec"/>
/// (MessagePack's generated formatters cannot serve types of a collectible context).
/// </summary>
public sealed partial class TaskInvoker
{
    private async Task<TaskOutcome> InvokeShippedAsync(string typeName, TaskKind kind, ReadOnlyMemory<byte> payload, CodeReference? code, CancellationToken cancellationToken)
    {
        if (shipped is null)
        {
            return TaskOutcome.Failure(OutcomeStatus.Failed,
                $"Node {node} does not allow shipped code: {typeName} was not run. Start the worker with --allow-eval to run ProcessAsync delegates.", node);
        }

        if (code is null || code.Assemblies.Count == 0)
        {
            return TaskOutcome.Failure(OutcomeStatus.Failed, $"{typeName} came without its code reference", node);
        }

        LoadedCode context;
        try
        {
            context = shipped.Get(code);
            _ = context.Root;
        }
        catch (Exception ex)
        {
            return TaskOutcome.Failure(OutcomeStatus.Failed, $"Could not load the shipped code of {typeName}: {Unwrap(ex).Message}", node);
        }

        return kind == TaskKind.Delegate
            ? await InvokeDelegateAsync(typeName, context, code, payload).ConfigureAwait(false)
            : await InvokeShippedTaskAsync(typeName, kind, context, payload, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskOutcome> InvokeDelegateAsync(string typeName, LoadedCode context, CodeReference code, ReadOnlyMemory<byte> payload)
    {
        System.Reflection.MethodInfo method;
        object? target;
        object?[] args;
        try
        {
            (method, target, args) = DelegateRunner.Rebuild(context, code, payload);
        }
        catch (Exception ex)
        {
            return TaskOutcome.Failure(OutcomeStatus.Failed, $"Could not rebuild the delegate {typeName}: {Unwrap(ex).Message}", node);
        }

        object? value;
        Type type;
        try
        {
            (value, type) = await DelegateRunner.InvokeAsync(method, target, args).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Faulted(ex);
        }

        return Succeeded(typeName, type, value);
    }

    private async Task<TaskOutcome> InvokeShippedTaskAsync(
        string typeName, TaskKind kind, LoadedCode context, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (context.ResolveTaskType(typeName) is not { } taskType)
        {
            return TaskOutcome.Failure(OutcomeStatus.UnknownType,
                $"Unknown task type '{typeName}' on node {node}: the shipped {context.Root.GetName().Name} has no public ITask<T> or IAsyncTask<T> class of that name.", node);
        }

        var (task, rebuildFailure) = Rebuild(typeName, () => kind == TaskKind.ByName
            ? ConstructorBinder.Construct(taskType.Type, ReadArguments(payload))
            : DelegateRunner.ReadInstance(taskType.Type, payload));
        if (rebuildFailure is not null)
        {
            return rebuildFailure;
        }

        var (result, runFailure) = await RunTaskAsync(typeName, taskType, task!, cancellationToken).ConfigureAwait(false);
        if (runFailure is not null)
        {
            return runFailure;
        }

        return Succeeded(typeName, taskType.ResultType, result);
    }

    private TaskOutcome Succeeded(string typeName, Type type, object? value)
    {
        try
        {
            return new TaskOutcome { Status = OutcomeStatus.Succeeded, Payload = DelegateRunner.Write(type, value), ResultType = type.FullName, Node = node };
        }
        catch (Exception ex)
        {
            return TaskOutcome.Failure(OutcomeStatus.Failed, $"The result of {typeName} ({type.FullName}) could not be sent back: {Unwrap(ex).Message}", node);
        }
    }
}
