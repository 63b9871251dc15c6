using System.Text.Json;

namespace Argon.Cli.Console;

/// <summary>
/// `argon status --json`: the manager's status in the shape and camelCase names of the manager's GET /api/status
/// (src/Argon.Manager/Http/StatusDocument.cs), durations in seconds, less what only the HTTP side keeps (the
/// history and the recent errors). Several managers: an array of { manager, status } or { manager, error }.
/// </summary>
internal static class StatusJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Serialize(ArgonClusterStatus status) => JsonSerializer.Serialize(Document.From(status), Options);

    public static string Serialize(IEnumerable<(string Manager, ArgonClusterStatus? Status, string? Error)> answers) =>
        JsonSerializer.Serialize(
            answers.Select(a => a.Status is { } s ? (object)new ManagerStatus(a.Manager, Document.From(s)) : new ManagerError(a.Manager, a.Error ?? "")),
            Options);

    internal sealed record Document(
        string Node, string Version, double UptimeSeconds, int Capacity, int InFlight, double Throughput,
        Queue Queue, Tasks Tasks, IReadOnlyList<Worker> Workers, IReadOnlyList<Peer> Peers)
    {
        public static Document From(ArgonClusterStatus s) => new(
            s.Node, s.Version, s.Uptime.TotalSeconds, s.Capacity, s.InFlight, s.TasksPerSecond,
            new Queue(s.QueueLimit, s.Queued, s.QueuedHigh, s.QueuedNormal, s.QueuedLow),
            new Tasks(s.Submitted, s.Completed, s.Failed, s.Denied),
            [.. s.Workers.Select(w => new Worker(w.NodeId, w.Address, w.Capacity, w.InFlight, w.AverageTaskTime.TotalMilliseconds, w.Completed, w.Uptime.TotalSeconds))],
            [.. s.Peers.Select(p => new Peer(p.Endpoint, p.ReachableBy, p.ReportedBy,
                p.ReachableBy == 0 ? "none" : p.ReachableBy == p.ReportedBy ? "all" : "some", p.SinceChange.TotalSeconds))]);
    }

    internal sealed record Queue(int Limit, int Depth, int High, int Normal, int Low);

    internal sealed record Tasks(long Submitted, long Completed, long Failed, long Denied);

    internal sealed record Worker(string Node, string Address, int Capacity, int InFlight, double AverageTaskMs, long Completed, double UptimeSeconds);

    internal sealed record Peer(string Endpoint, int ReachableBy, int ReportedBy, string State, double SinceChangeSeconds);

    private sealed record ManagerStatus(string Manager, Document Status);

    private sealed record ManagerError(string Manager, string Error);
}
