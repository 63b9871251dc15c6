using System.Globalization;

namespace Argon.MultiHostClient;

/// <summary>What kind of task each call submits, and so what its result must be.</summary>
internal enum WorkloadKind
{
    /// <summary><c>Echo(id)</c>, which returns <c>id</c>.</summary>
    Echo,

    /// <summary><c>Sleep(ms)</c>, which returns <c>ms</c>.</summary>
    Sleep,

    /// <summary><c>LoggedRun(dir, id, ms)</c>, which logs its start and returns <c>id</c>.</summary>
    Logged,
}

/// <summary>
/// The command line, as `--name value` pairs and the flags `--retry` and `--report`; see the suite's <c>ClientHost</c> for the writer.
/// `--manager` is one "host:port" or several, comma-separated (then <see cref="ArgonClientOptions.Managers"/>).
/// </summary>
internal sealed record ClientArguments(
    IReadOnlyList<string> Managers,
    string KeyFile,
    string Ledger,
    WorkloadKind Kind,
    int Calls,
    int Concurrency,
    int Milliseconds,
    int MillisecondsMax,
    int FirstId,
    int Passes,
    int WaitForCapacity,
    int WaitForWorkers,
    string? LogDirectory,
    string? StopFile,
    bool Retry,
    bool Report,
    TimeSpan HeartbeatInterval,
    TimeSpan HeartbeatTimeout)
{
    public static ClientArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var retry = false;
        var report = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--retry")
            {
                retry = true;
            }
            else if (args[i] == "--report")
            {
                report = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }

        string Text(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

        return new ClientArguments(
            Text("manager").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Text("key"),
            Text("ledger"),
            Enum.Parse<WorkloadKind>(Text("task"), ignoreCase: true),
            Number("calls", 100),
            Number("concurrency", 8),
            Number("ms", 20),
            Number("ms-max", Number("ms", 20)),
            Number("first-id", 0),
            Number("passes", 1),
            Number("wait-capacity", 0),
            Number("wait-workers", 0),
            values.GetValueOrDefault("log-dir"),
            values.GetValueOrDefault("stop-file"),
            retry,
            report,
            TimeSpan.FromMilliseconds(Number("heartbeat-interval-ms", 1000)),
            TimeSpan.FromMilliseconds(Number("heartbeat-timeout-ms", 5000)));
    }

    /// <summary>More than one manager: the client spreads over them (and reconnects to each, so one not reached at connect comes back).</summary>
    public bool Several => Managers.Count > 1;

    /// <summary>The milliseconds of call <paramref name="id"/>: from <see cref="Milliseconds"/> to <see cref="MillisecondsMax"/> by id.</summary>
    public int MillisecondsOf(int id) =>
        MillisecondsMax > Milliseconds ? Milliseconds + (int)((uint)id % (uint)(MillisecondsMax - Milliseconds + 1)) : Milliseconds;

    /// <summary>The workload's client: one manager by Host and Port, several by Managers with Reconnect on.</summary>
    public ArgonClientOptions ClientOptions()
    {
        if (!Several)
        {
            return OneManager(Managers[0]);
        }

        var options = Common();
        options.Reconnect = true;
        foreach (var manager in Managers)
        {
            options.Managers.Add(manager);
        }

        return options;
    }

    /// <summary>A client of <paramref name="manager"/> alone (to ask it for its status).</summary>
    public ArgonClientOptions OneManager(string manager)
    {
        var colon = manager.LastIndexOf(':');
        var options = Common();
        options.Host = manager[..colon];
        options.Port = int.Parse(manager[(colon + 1)..], CultureInfo.InvariantCulture);
        return options;
    }

    private ArgonClientOptions Common() => new()
    {
        KeyFile = KeyFile,
        Retry = Retry,
        HeartbeatInterval = HeartbeatInterval,
        HeartbeatTimeout = HeartbeatTimeout,
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };
}
