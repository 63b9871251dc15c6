using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Argon.Cli.Console;

/// <summary>
/// Runs a manager's or worker's host to its end. A port that cannot be bound becomes one line and exit 2; a
/// background service that stopped the host with an error becomes one line and exit 1 (the host itself would
/// end with 0 and leave only a log entry).
/// </summary>
internal static class HostRunner
{
    public static async Task<int> RunAsync(IHost host, IReadOnlyList<Listener> listeners)
    {
        try
        {
            await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (StartupErrors.BindFailure(ex, listeners) is { } message)
        {
            throw new CommandLineException(message, ex);
        }

        await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        var failed = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true });
        if (failed?.ExecuteTask?.Exception?.InnerException is { } error)
        {
            throw new InvalidOperationException($"{failed.GetType().Name} stopped with an error: {StartupErrors.OneLine(error.Message)}", error);
        }

        return Environment.ExitCode;
    }
}
