using System.Diagnostics;

namespace Argon.Worker.Execution;

/// <summary>
/// Starts an executor from its start info. The worker's is <see cref="OsExecutorStarter"/> (a child process); tests
/// put an in-process fake executor behind it that connects to the same socket with the same token.
/// </summary>
internal interface IExecutorStarter
{
    /// <summary>Starts the executor; each line it writes goes to <paramref name="onOutput"/> (null at the end of a stream), flagged when from stderr.</summary>
    IExecutorChild Start(ProcessStartInfo info, Action<string?, bool> onOutput);
}

/// <summary>A started executor, as much of a <see cref="Process"/> as the worker uses; members behave as Process's do.</summary>
internal interface IExecutorChild : IDisposable
{
    int Id { get; }

    bool HasExited { get; }

    int ExitCode { get; }

    Task WaitForExitAsync(CancellationToken cancellationToken);

    void Kill(bool entireProcessTree);
}
