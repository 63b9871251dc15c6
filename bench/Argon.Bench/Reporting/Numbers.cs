using System.Globalization;

namespace Argon.Bench.Reporting;

/// <summary>How figures are shown: few decimals, thousands separators in the table, none in JSON.</summary>
internal static class Numbers
{
    public static string Human(double value) => double.IsNaN(value) ? "n/a" : Math.Abs(value) switch
    {
        _ when value == Math.Round(value) || Math.Abs(value) >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    /// <summary>Rounded for JSON: whole numbers stay whole, others keep 3 significant decimals at most.</summary>
    public static double Json(double value) => Math.Abs(value) >= 100 ? Math.Round(value, 1) : Math.Round(value, 3);
}
