using System.Reflection;
using System.Runtime.InteropServices;

namespace Argon.Hosting;

/// <summary>
/// What build is running, for the argon_build_info metric of the manager and the worker: a gauge at 1 whose
/// labels are <see cref="LabelNames"/> (the Prometheus convention for joining a build onto other series).
/// </summary>
public static class BuildInfo
{
    public const string MetricName = "argon_build_info";

    public const string MetricHelp = "Which Argon build is running: always 1, with its version, commit and .NET runtime as labels.";

    /// <summary>The label names, in the order of <see cref="LabelValues"/>.</summary>
    public static string[] LabelNames => ["version", "commit", "runtime"];

    /// <summary>This build's version, commit ("unknown" when the build recorded none) and runtime, e.g. "1.0.0", "3f2a…", ".NET 10.0.1".</summary>
    public static string[] LabelValues { get; } = Describe(typeof(BuildInfo).Assembly);

    /// <summary>The version and commit from the informational version ("1.2.3+sha"), and the runtime's description.</summary>
    public static string[] Describe(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 || plus == informational.Length - 1 ? "unknown" : informational[(plus + 1)..];
        return [version, commit, RuntimeInformation.FrameworkDescription];
    }
}
