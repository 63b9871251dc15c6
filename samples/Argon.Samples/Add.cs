namespace Argon.Samples;

/// <summary>Adds two numbers: the smallest useful task.</summary>
public sealed record Add(int X, int Y) : ITask<int>
{
    public int Run() => X + Y;
}
