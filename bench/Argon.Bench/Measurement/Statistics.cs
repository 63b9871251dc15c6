namespace Argon.Bench.Measurement;

/// <summary>Percentiles of samples and medians of repeated runs.</summary>
internal static class Statistics
{
    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 100) of unsorted samples; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The median; the mean of the middle two for an even count; NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>a / b, or NaN when either is missing or b is zero.</summary>
    public static double Ratio(double a, double b) => double.IsNaN(a) || double.IsNaN(b) || b == 0 ? double.NaN : a / b;
}
