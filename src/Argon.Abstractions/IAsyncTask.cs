namespace Argon;

/// <summary>
/// An asynchronous task class. The token is cancelled when the client cancels the call
/// or the task outlives its timeout.
/// </summary>
/// <typeparam name="TResult">The result sent back to the client.</typeparam>
public interface IAsyncTask<TResult>
{
    /// <summary>Runs the task on the executor and returns its result.</summary>
    Task<TResult> RunAsync(CancellationToken cancellationToken);
}
