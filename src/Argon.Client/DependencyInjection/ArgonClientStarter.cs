using Microsoft.Extensions.Hosting;

namespace Argon.DependencyInjection;

/// <summary>
/// Connects the client when the host starts, so that the first call does not wait for it and a cluster that cannot
/// be reached (or refuses the key) stops the host at start, with the client's own error.
/// </summary>
internal sealed class ArgonClientStarter(ArgonClientConnector connector) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => connector.GetAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
