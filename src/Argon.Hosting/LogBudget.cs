namespace Argon.Hosting;

/// <summary>
/// At most <c>lines</c> log lines per period, so a flood of failing peers cannot flood the log: what is held back
/// is counted, and the count goes with the first line of a later period.
/// </summary>
internal sealed class LogBudget(int lines, TimeSpan period, Func<long>? clockMs = null)
{
    private readonly Func<long> _clockMs = clockMs ?? (static () => Environment.TickCount64);
    private readonly Lock _lock = new();
    private long _periodStart = long.MinValue / 2;
    private int _used;
    private int _heldBack;

    /// <summary>True when the caller may log; <paramref name="heldBack"/> is how many lines earlier periods held back, to be said once.</summary>
    public bool TryTake(out int heldBack)
    {
        var now = _clockMs();
        lock (_lock)
        {
            heldBack = 0;
            if (now - _periodStart >= (long)period.TotalMilliseconds)
            {
                _periodStart = now;
                _used = 0;
            }

            if (_used >= lines)
            {
                _heldBack++;
                return false;
            }

            _used++;
            (heldBack, _heldBack) = (_heldBack, 0);
            return true;
        }
    }
}
