namespace Argon.Worker;

/// <summary>One manager a worker serves: host and port, as given to `--manager host:port`.</summary>
public sealed record ManagerEndpoint(string Host, int Port)
{
    /// <summary>host:port, as the logs name it.</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>The managers <paramref name="options"/> names: <see cref="WorkerOptions.Managers"/>, else ManagerHost:ManagerPort, else none.</summary>
    internal static IReadOnlyList<ManagerEndpoint> Of(WorkerOptions options) =>
        options.Managers.Count > 0 ? options.Managers
        : options.ManagerHost is { } host ? [new ManagerEndpoint(host, options.ManagerPort)]
        : [];
}
