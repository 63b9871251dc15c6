namespace Argon;

/// <summary>
/// The wait before retrying a denied task: it grows with the logarithm of the attempt (fast at first, then
/// flattening out), capped at <see cref="Cap"/>, never below the manager's hint (itself capped at
/// <see cref="MaxHint"/>), with ±50 % jitter so many clients do not retry in step.
/// </summary>
internal static class RetryBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    /// <summary>The longest a manager's hint can make a client wait; a larger hint is not trusted.</summary>
    public static readonly TimeSpan MaxHint = TimeSpan.FromSeconds(30);

    public static TimeSpan Delay(int attempt, TimeSpan hint, Random? random = null)
    {
        var grown = Base.TotalMilliseconds * (1 + 4 * Math.Log(Math.Max(1, attempt)));
        var jitter = 0.5 + (random ?? Random.Shared).NextDouble();
        return TimeSpan.FromMilliseconds(Math.Max(Math.Min(grown * jitter, Cap.TotalMilliseconds), Math.Min(hint.TotalMilliseconds, MaxHint.TotalMilliseconds)));
    }

    /// <summary>The wait before reconnect attempt <paramref name="failures"/>: capped exponential (100 ms, 200 ms, 400 ms …) with jitter.</summary>
    public static TimeSpan Reconnect(int failures, TimeSpan cap, Random? random = null)
    {
        var ceiling = Math.Min(cap.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(Math.Max(failures, 1) - 1, 16)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (random ?? Random.Shared).NextDouble() * ceiling / 2);
    }
}
