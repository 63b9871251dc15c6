namespace Argon.TestTasks;

/// <summary>Returns how many bytes it was given: a task whose argument can be made as big as a test needs.</summary>
public sealed record CountBytes(byte[] Data) : ITask<int>
{
    public int Run() => Data.Length;
}

/// <summary>Returns <paramref name="Length"/> bytes: a task whose result can be made as big as a test needs.</summary>
public sealed record MakeBytes(int Length) : ITask<byte[]>
{
    public byte[] Run() => new byte[Length];
}
