using System.Reflection;

namespace Argon.Executor;

/// <summary>A runnable task type: how to run it and what it returns.</summary>
public sealed class TaskType
{
    private static readonly MethodInfo RunSyncMethod = typeof(TaskType).GetMethod(nameof(RunSync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo RunAsyncMethod = typeof(TaskType).GetMethod(nameof(RunAsyncCore), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<object, CancellationToken, ValueTask<object?>> _run;

    private TaskType(Type type, Type resultType, Func<object, CancellationToken, ValueTask<object?>> run)
    {
        Type = type;
        ResultType = resultType;
        _run = run;
    }

    public Type Type { get; }

    public Type ResultType { get; }

    /// <summary>A task type when <paramref name="type"/> is a public concrete ITask/IAsyncTask class; otherwise null.</summary>
    public static TaskType? TryCreate(Type type)
    {
        if (!type.IsClass || type.IsAbstract || type.IsGenericTypeDefinition || !type.IsVisible || type.FullName is null)
        {
            return null;
        }

        foreach (var contract in type.GetInterfaces())
        {
            if (!contract.IsGenericType)
            {
                continue;
            }

            var definition = contract.GetGenericTypeDefinition();
            var resultType = contract.GetGenericArguments()[0];
            if (definition == typeof(IAsyncTask<>))
            {
                return new TaskType(type, resultType, RunAsyncMethod.MakeGenericMethod(resultType)
                    .CreateDelegate<Func<object, CancellationToken, ValueTask<object?>>>());
            }

            if (definition == typeof(ITask<>))
            {
                var run = RunSyncMethod.MakeGenericMethod(resultType).CreateDelegate<Func<object, object?>>();
                return new TaskType(type, resultType, (task, _) => ValueTask.FromResult(run(task)));
            }
        }

        return null;
    }

    public ValueTask<object?> RunAsync(object task, CancellationToken cancellationToken) => _run(task, cancellationToken);

    private static object? RunSync<TResult>(object task) => ((ITask<TResult>)task).Run();

    private static async ValueTask<object?> RunAsyncCore<TResult>(object task, CancellationToken cancellationToken) =>
        await ((IAsyncTask<TResult>)task).RunAsync(cancellationToken).ConfigureAwait(false);
}
