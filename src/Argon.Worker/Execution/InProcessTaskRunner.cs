using Argon.Executor;
using Argon.Protocol.Messages;

namespace Argon.Worker.Execution;

/// <summary>
/// Runs tasks inside the worker process, at most <see cref="Capacity"/> at once. A timeout cancels the task's
/// token and fails it with TimedOut; a task that ignores its token keeps its slot until it returns.
/// </summary>
internal sealed class InProcessTaskRunner(TaskInvoker invoker, int capacity) : ITaskRunner, IDisposable
{
    private readonly SemaphoreSlim _slots = new(capacity, capacity);

    public int Capacity => capacity;

    public async Task<TaskOutcome> RunAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{request.TypeName} was cancelled before it started", invoker.Node);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Timeout is { } limit)
        {
            timeout.CancelAfter(limit);
        }

        try
        {
            // Off the connection's reader: a synchronous task must not hold up the frames behind it.
            var outcome = await Task.Run(() => invoker.InvokeAsync(request.TypeName, request.Kind, request.Payload, timeout.Token), CancellationToken.None)
                .ConfigureAwait(false);
            return outcome.Status == OutcomeStatus.Cancelled && !cancellationToken.IsCancellationRequested
                ? TaskOutcome.Failure(OutcomeStatus.TimedOut, $"{request.TypeName} outlived its timeout of {request.Timeout?.TotalMilliseconds:0} ms", invoker.Node)
                : outcome;
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
