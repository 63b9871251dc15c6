using System.Diagnostics;

namespace Argon.Bench.Measurement;

/// <summary>Round-trip times in microseconds, recorded one by one.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly List<double> _microseconds = new(capacity);

    public int Count => _microseconds.Count;

    public static long Start() => Stopwatch.GetTimestamp();

    public void Stop(long started) => _microseconds.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);

    public double Percentile(double p) => Statistics.Percentile(_microseconds, p);
}
