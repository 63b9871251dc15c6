using System.CommandLine;
using Argon.Cli.Console;
using Argon.Cli.Options;

namespace Argon.Cli.Commands;

/// <summary>
/// `argon status`: a manager's capacity, workers and queue depth, as a table or as JSON. Given several managers
/// (`--manager a:8000,b:8000`), each one in turn with the workers it sees, asked at the same time; one that cannot
/// be reached is shown as such, the others still are, and the exit code is then 1.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var client = new ClientCommandOptions("The manager, as host:port; several (a redundant cluster) separated by commas.");
        var json = EnvironmentOption.Flag("--json", "ARGON_STATUS_JSON", "Print JSON for scripts, in the shape of the manager's /api/status (camelCase, durations in seconds).");
        var command = new Command("status", "Show a manager's workers, capacity, queue depth and throughput (or each of several managers').") { json };
        client.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var managers = client.Managers(result);
            if (managers.Count == 1)
            {
                await using var connection = await client.ConnectAsync(result, managers[0], cancellationToken).ConfigureAwait(false);
                var status = await connection.GetStatusAsync(cancellationToken).ConfigureAwait(false);
                Write(status, result.GetValue(json));
                return 0;
            }

            var answers = await Task.WhenAll(managers.Select(m => AskAsync(client, result, m, cancellationToken))).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                System.Console.Out.Write(StatusJson.Serialize(answers.Select(a => (a.Manager, a.Status, a.Error))) + "\n");
            }
            else
            {
                var console = StatusTable.CreateConsole(System.Console.Out, System.Console.IsOutputRedirected);
                foreach (var answer in answers)
                {
                    StatusTable.WriteHeading(console, answer.Manager, answer.Error);
                    if (answer.Status is { } status)
                    {
                        StatusTable.Write(console, status);
                    }
                }
            }

            return answers.All(a => a.Status is not null) ? 0 : 1;
        });
        return command;
    }

    private static void Write(ArgonClusterStatus status, bool json)
    {
        if (json)
        {
            System.Console.Out.Write(StatusJson.Serialize(status) + "\n");
        }
        else
        {
            StatusTable.Write(StatusTable.CreateConsole(System.Console.Out, System.Console.IsOutputRedirected), status);
        }
    }

    private static async Task<ManagerAnswer> AskAsync(ClientCommandOptions client, ParseResult result, string manager, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await client.ConnectAsync(result, manager, cancellationToken).ConfigureAwait(false);
            return new ManagerAnswer(manager, await connection.GetStatusAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (ArgonException ex)
        {
            return new ManagerAnswer(manager, null, ex.Message);
        }
    }

    private sealed record ManagerAnswer(string Manager, ArgonClusterStatus? Status, string? Error);
}
