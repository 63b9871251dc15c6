namespace Argon.Samples;

/// <summary>Always throws: shows how a task's exception comes home as ArgonTaskException.</summary>
public sealed record Fail(string Message) : ITask<int>
{
    public int Run() => throw new InvalidOperationException(Message);
}
