namespace Argon;

/// <summary>
/// The wait before retrying a denied task: it grows with the logarithm of the attempt (fast at first, then
/// flattening out), never below the manager's hint, never above the cap, with ±50 % jitter so many clients
/// do not retry in step.
/// </summary>
internal static class RetryBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    public static TimeSpan Delay(int attempt, TimeSpan hint, Random? random = null)
    {
        var grown = Base.TotalMilliseconds * (1 + 4 * Math.Log(Math.Max(1, attempt)));
        var jitter = 0.5 + (random ?? Random.Shared).NextDouble();
        var ms = Math.Max(grown * jitter, hint.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Min(ms, Cap.TotalMilliseconds));
    }
}
