using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Argon.Manager;

/// <summary>On SIGINT/SIGTERM: stop accepting tasks, fail what cannot finish with a clear error, and say Goodbye to every peer.</summary>
internal sealed class ManagerShutdown(Dispatcher dispatcher, ManagerConnections connections, ILogger<ManagerShutdown> logger) : IHostedService
{
    private const string Reason = "the manager is shutting down";

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ManagerLog.ShuttingDown(logger, Reason);
        dispatcher.Shutdown(Reason);
        connections.SayGoodbye(Reason);
        return Task.CompletedTask;
    }
}
