using System.Diagnostics;

namespace Argon.Worker.Execution;

/// <summary>Starts `argon executor` as a child process, reading its stdout and stderr line by line.</summary>
internal sealed class OsExecutorStarter : IExecutorStarter
{
    public static OsExecutorStarter Instance { get; } = new();

    public IExecutorChild Start(ProcessStartInfo info, Action<string?, bool> onOutput)
    {
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) => onOutput(e.Data, true);
        process.OutputDataReceived += (_, e) => onOutput(e.Data, false);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new Child(process);
    }

    private sealed class Child(Process process) : IExecutorChild
    {
        public int Id => process.Id;

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

        public void Kill(bool entireProcessTree) => process.Kill(entireProcessTree);

        public void Dispose() => process.Dispose();
    }
}
