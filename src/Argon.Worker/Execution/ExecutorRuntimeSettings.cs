namespace Argon.Worker.Execution;

/// <summary>
/// .NET runtime settings for executor processes, chosen for many small processes sharing few cores. A worker's
/// environment that already sets one keeps its own value (docs/decisions.md, "Executor runtime settings").
/// </summary>
internal static class ExecutorRuntimeSettings
{
    /// <summary>
    /// The variable and its value, each with why:
    /// <list type="bullet">
    /// <item>Tiered compilation off: an executor JITs each method once, fully optimised, instead of three times
    /// (tier 0, instrumented, tier 1) on background threads. With 16 fresh executors on 2 cores, those rejits
    /// took a whole core for over ten seconds after start, and W3 at 4 workers fell from 0.81 to 0.63.</item>
    /// <item>Thread-pool spinning off: an executor's pool threads sleep as soon as they run out of work instead of
    /// spinning for more; an executor gets a message now and then, and spinning in every one of them takes
    /// the cores the tasks need.</item>
    /// </list>
    /// </summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Defaults =
    [
        new("DOTNET_TieredCompilation", "0"),
        new("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0"),
    ];

    /// <summary>Adds each default the environment does not already set.</summary>
    public static void ApplyTo(IDictionary<string, string?> environment)
    {
        foreach (var (name, value) in Defaults)
        {
            environment.TryAdd(name, value);
        }
    }
}
