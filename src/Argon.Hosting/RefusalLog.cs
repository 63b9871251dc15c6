using System.Net;
using Microsoft.Extensions.Logging;

namespace Argon.Hosting;

/// <summary>
/// Logs refused connections without flooding the log: the first refusal after a quiet spell at once with its
/// address, then one summary per <see cref="Period"/> while refusals go on, and nothing once they stop.
/// </summary>
internal sealed class RefusalLog(ILogger logger, ConnectionLimits limits, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly RefusalSummary _pending = new();
    private ITimer? _timer;
    private bool _disposed;

    public void Record(IPAddress address, string remote, AdmissionRefusal refusal)
    {
        lock (_lock)
        {
            if (_timer is not null || _disposed)
            {
                _pending.Add(address, refusal);
                return;
            }

            _timer = time.CreateTimer(_ => Flush(), null, Period, Timeout.InfiniteTimeSpan);
        }

        AdmissionLog.Refused(logger, remote, RefusalSummary.Describe(refusal, limits), Period.TotalSeconds);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Logs what was refused during the period that just ended; keeps the timer going while there was any.</summary>
    internal void Flush()
    {
        string? summary;
        lock (_lock)
        {
            summary = _pending.Take(limits);
            if (summary is null || _disposed)
            {
                _timer?.Dispose();
                _timer = null;
                return;
            }

            _timer?.Change(Period, Timeout.InfiniteTimeSpan);
        }

        AdmissionLog.RefusedSummary(logger, Period.TotalSeconds, summary);
    }
}
