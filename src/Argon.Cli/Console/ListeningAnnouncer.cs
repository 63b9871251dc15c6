using Argon.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Argon.Cli.Console;

/// <summary>
/// Prints `argon ROLE listening on HOST:PORT` to stdout once the listener is bound, with the real port when
/// --port 0 asked for any free one, and `argon ROLE http on http://HOST:PORT` for --http. Scripts and tests wait for these lines.
/// </summary>
internal sealed class ListeningAnnouncer(IServer server, IHostApplicationLifetime lifetime, string role, PlainHttpEndpoint? http = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                var endpoint = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
                if (http is not null && endpoint.EndsWith($":{http.Port}", StringComparison.Ordinal))
                {
                    continue; // announced below, as what it is
                }

                System.Console.Out.WriteLine($"argon {role} listening on {endpoint}");
            }

            if (http?.Url is { } url)
            {
                System.Console.Out.WriteLine($"argon {role} http on {url}");
            }

            System.Console.Out.Flush();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
