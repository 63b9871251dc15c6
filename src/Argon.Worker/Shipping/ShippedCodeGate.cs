using Argon.Protocol.Messages;
using Microsoft.Extensions.Options;

namespace Argon.Worker.Shipping;

/// <summary>
/// Decides what a worker does with a task that carries shipped code. Without --allow-eval, a delegate is refused
/// with an error that says so, and a task class runs only from --load assemblies (its shipped code is ignored).
/// With it, the missing assemblies are fetched first.
/// </summary>
internal sealed class ShippedCodeGate(IOptions<WorkerOptions> options, CodeCache cache)
{
    /// <summary>How long a worker waits for a client to send the code it asked for.</summary>
    public static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(60);

    private readonly WorkerOptions _options = options.Value;

    public CodeCache Cache => cache;

    public bool AllowEval => _options.AllowEval;

    /// <summary>
    /// Null when the task may run (with <paramref name="code"/> set to the code to load, if any), or the outcome
    /// that refuses it. <paramref name="revoked"/> gives the task back (Revoked) while its code is fetched.
    /// </summary>
    public async Task<(TaskOutcome? Refusal, CodeReference? Code)> PrepareAsync(
        long taskId, string typeName, TaskKind kind, CodeReference? code, CodeFetcher fetcher, CancellationToken revoked, CancellationToken cancellationToken)
    {
        if (code is null && kind != TaskKind.Delegate)
        {
            return (null, null);
        }

        if (!_options.AllowEval)
        {
            return kind == TaskKind.Delegate
                ? (TaskOutcome.Failure(OutcomeStatus.Failed,
                    $"Worker {_options.Node} does not allow shipped code: {typeName} was not run. Start the worker with --allow-eval to run ProcessAsync delegates.",
                    _options.Node), null)
                : (null, null);
        }

        if (code is null || code.Assemblies.Count == 0)
        {
            return (TaskOutcome.Failure(OutcomeStatus.Failed, $"{typeName} came without its code reference", _options.Node), null);
        }

        string? error;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(revoked, cancellationToken);
        try
        {
            error = await fetcher.EnsureAsync(taskId, code, FetchTimeout, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (revoked.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (TaskOutcome.Failure(OutcomeStatus.Revoked, $"{typeName} was given back while its code was fetched", _options.Node), null);
        }
        catch (OperationCanceledException)
        {
            return (TaskOutcome.Failure(OutcomeStatus.Cancelled, $"{typeName} was cancelled while its code was fetched", _options.Node), null);
        }

        return error is null
            ? (null, code)
            : (TaskOutcome.Failure(OutcomeStatus.Failed, $"Could not get the code of {typeName}: {error}", _options.Node), null);
    }
}
