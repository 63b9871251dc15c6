namespace Argon.TestTasks;

/// <summary>Kills its process with Environment.FailFast.</summary>
public sealed record FailFast(string Message) : ITask<int>
{
    public int Run()
    {
        Environment.FailFast(Message);
        return 0;
    }
}

/// <summary>Runs for a while, then kills its process with Environment.FailFast: a crash while another task waits queued in the executor.</summary>
public sealed record FailFastAfter(int Milliseconds) : IAsyncTask<int>
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Milliseconds, cancellationToken).ConfigureAwait(false);
        Environment.FailFast($"failing after {Milliseconds} ms");
        return 0;
    }
}

/// <summary>Recurses until the stack overflows, which no catch can stop.</summary>
public sealed record OverflowStack(int Depth) : ITask<int>
{
    public int Run() => Recurse(Depth);

    private static int Recurse(int depth) => depth == int.MinValue ? 0 : Recurse(depth + 1) + 1;
}

/// <summary>Throws on a thread of its own, which takes the process down.</summary>
public sealed record ThrowOnAnotherThread(string Message) : ITask<int>
{
    public int Run()
    {
        var thread = new Thread(() => throw new InvalidOperationException(Message));
        thread.Start();
        thread.Join();
        return 0;
    }
}

/// <summary>Allocates until the runtime gives up.</summary>
public sealed record ExhaustMemory(int ChunkMegabytes) : ITask<int>
{
    public int Run()
    {
        var hoard = new List<byte[]>();
        while (true)
        {
            var chunk = new byte[ChunkMegabytes * 1024 * 1024];
            Array.Fill(chunk, (byte)1);
            hoard.Add(chunk);
        }
    }
}
