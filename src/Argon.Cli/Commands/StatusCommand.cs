using System.CommandLine;
using Argon.Cli.Console;
using Argon.Cli.Options;
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
            if (result.GetValue(json))
            {
                System.Console.Out.Write(JsonSerializer.Serialize(status, JsonOptions) + "\n");
            }
            else
            {
                StatusTable.Write(StatusTable.CreateConsole(System.Console.Out, System.Console.IsOutputRedirected), status);
            }

            return 0;
        });
        return command;
    }
}
