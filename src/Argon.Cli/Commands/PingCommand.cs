using System.CommandLine;
using Argon.Cli.Options;

namespace Argon.Cli.Commands;

/// <summary>`argon ping`: connects, proves the key, and measures round trips to the manager.</summary>
internal static class PingCommand
{
    public static Command Create()
    {
        var client = new ClientCommandOptions();
        var count = EnvironmentOption.Integer("--count", "ARGON_PING_COUNT", "How many round trips to measure.", 1, 1, "-c");
        var command = new Command("ping", "Check that a manager answers and that the key matches; print round-trip times.") { count };
        client.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var connection = await client.ConnectAsync(result, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < result.GetValue(count); i++)
            {
                var roundTrip = await connection.PingAsync(cancellationToken).ConfigureAwait(false);
                System.Console.Out.WriteLine($"pong from {connection.ServerNode}: {roundTrip.TotalMilliseconds:0.000} ms");
            }

            return 0;
        });
        return command;
    }
}
