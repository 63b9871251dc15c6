using Microsoft.Extensions.Hosting;

namespace Argon.Worker.Execution;

/// <summary>Starts the executor pool with the worker and stops its processes when the worker stops.</summary>
internal sealed class ExecutorPoolService(ExecutorPool pool) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => pool.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await pool.DisposeAsync().ConfigureAwait(false);
}
