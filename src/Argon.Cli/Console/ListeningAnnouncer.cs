using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Argon.Cli.Console;

/// <summary>
/// Prints `argon ROLE listening on HOST:PORT` to stdout once the listener is bound, with the real port when
/// --port 0 asked for any free one. Scripts and tests wait for this line.
/// </summary>
internal sealed class ListeningAnnouncer(IServer server, IHostApplicationLifetime lifetime, string role) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var endpoint = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
                System.Console.Out.WriteLine($"argon {role} listening on {endpoint}");
            }

            System.Console.Out.Flush();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
