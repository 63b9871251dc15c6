namespace Argon.Manager.Scheduling;

/// <summary>Completions per second over the last few whole seconds. Guarded by the dispatcher's lock.</summary>
internal sealed class RateMeter
{
    private const int WindowSeconds = 5;
    private readonly long[] _counts = new long[WindowSeconds + 1];
    private readonly long[] _seconds = new long[WindowSeconds + 1];

    public void Record(long nowMs)
    {
        var second = nowMs / 1000;
        var slot = (int)(second % _counts.Length);
        if (_seconds[slot] != second)
        {
            _seconds[slot] = second;
            _counts[slot] = 0;
        }

        _counts[slot]++;
    }

    /// <summary>The mean rate over the last <c>WindowSeconds</c> complete seconds.</summary>
    public double PerSecond(long nowMs)
    {
        var current = nowMs / 1000;
        long total = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_seconds[i] < current && _seconds[i] >= current - WindowSeconds)
            {
                total += _counts[i];
            }
        }

        return total / (double)WindowSeconds;
    }
}
