namespace Argon.Samples;

/// <summary>Returns its argument: a no-op task for measuring the platform itself.</summary>
public sealed record Echo(int Value) : ITask<int>
{
    public int Run() => Value;
}
