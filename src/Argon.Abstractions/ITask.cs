namespace Argon;

/// <summary>
/// A task class: serialized on the client, rebuilt on an executor, and run there.
/// </summary>
/// <typeparam name="TResult">The result sent back to the client.</typeparam>
public interface ITask<out TResult>
{
    /// <summary>Runs the task on the executor and returns its result.</summary>
    TResult Run();
}
