using System.CommandLine;
using Argon.Cli.Options;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Argon.Cli.Commands;

/// <summary>`argon status`: the manager's capacity, workers and queue depth, as a table or as JSON.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var client = new ClientCommandOptions();
        var json = EnvironmentOption.Flag("--json", "ARGON_STATUS_JSON", "Print JSON for scripts.");
        var command = new Command("status", "Show a manager's workers, capacity, queue depth and throughput.") { json };
        client.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var connection = await client.ConnectAsync(result, cancellationToken).ConfigureAwait(false);
            var status = await connection.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            System.Console.Out.Write(result.GetValue(json) ? JsonSerializer.Serialize(status, JsonOptions) + "\n" : Format(status));
            return 0;
        });
        return command;
    }

    public static string Format(ArgonClusterStatus status)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Manager {status.Node} (v{status.Version}), up {status.Uptime:d\\.hh\\:mm\\:ss}");
        text.AppendLine(c, $"Capacity {status.Capacity}, in flight {status.InFlight}, workers {status.Workers.Count}");
        text.AppendLine(c, $"Queue {status.Queued}/{status.QueueLimit} (high {status.QueuedHigh}, normal {status.QueuedNormal}, low {status.QueuedLow})");
        text.AppendLine(c, $"Tasks submitted {status.Submitted}, completed {status.Completed}, failed {status.Failed}, denied {status.Denied}; {status.TasksPerSecond:0.#} tasks/s");
        if (status.Workers.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(c, $"{"WORKER",-40} {"ADDRESS",-22} {"CAPACITY",8} {"IN FLIGHT",9} {"AVG TASK",10} {"DONE",10}");
            foreach (var w in status.Workers)
            {
                text.AppendLine(c, $"{w.NodeId,-40} {w.Address,-22} {w.Capacity,8} {w.InFlight,9} {w.AverageTaskTime.TotalMilliseconds,8:0.0}ms {w.Completed,10}");
            }
        }

        return text.ToString();
    }
}
