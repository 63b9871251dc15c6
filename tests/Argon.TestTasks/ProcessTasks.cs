namespace Argon.TestTasks;

/// <summary>Returns the id of the process that ran it: which executor, seen from outside.</summary>
public sealed record WhichProcess(int Tag) : ITask<int>
{
    public int Run() => Environment.ProcessId;
}

/// <summary>Returns the id of the process that ran it after holding its executor for a while.</summary>
public sealed record WhichProcessAfter(int Milliseconds) : IAsyncTask<int>
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Milliseconds, cancellationToken).ConfigureAwait(false);
        return Environment.ProcessId;
    }
}
