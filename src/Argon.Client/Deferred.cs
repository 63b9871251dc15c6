using System.Runtime.CompilerServices;

namespace Argon;

/// <summary>A task already shipped to the cluster; await it, or call <see cref="Result"/>, to synchronize.</summary>
public sealed class Deferred<T>
{
    private readonly Task<T> _task;

    internal Deferred(Task<T> task) => _task = task;

    /// <summary>True once the outcome has arrived.</summary>
    public bool IsCompleted => _task.IsCompleted;

    /// <summary>Blocks until the outcome arrives; returns the result or throws the task's error.</summary>
    public T Result() => _task.GetAwaiter().GetResult();

    /// <summary>The outcome as a <see cref="Task{T}"/>.</summary>
    public Task<T> AsTask() => _task;

    /// <summary>Lets the deferred call be awaited: <c>T result = await deferred;</c>.</summary>
    public TaskAwaiter<T> GetAwaiter() => _task.GetAwaiter();
}
