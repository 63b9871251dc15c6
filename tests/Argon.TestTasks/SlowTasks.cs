namespace Argon.TestTasks;

/// <summary>Blocks its thread and ignores cancellation: only killing the process stops it.</summary>
public sealed record SpinIgnoringCancel(int Milliseconds) : ITask<int>
{
    public int Run()
    {
        Thread.Sleep(Milliseconds);
        return Milliseconds;
    }
}

/// <summary>Keeps memory alive in a static field: a leaking task library.</summary>
public sealed record Leak(int Megabytes) : ITask<int>
{
    private static readonly List<byte[]> Hoard = [];

    public int Run()
    {
        var chunk = new byte[Megabytes * 1024 * 1024];
        Array.Fill(chunk, (byte)1);
        lock (Hoard)
        {
            Hoard.Add(chunk);
        }

        return Environment.ProcessId;
    }
}
