using Argon.Executor;
using Argon.Protocol.Security;
using Argon.Worker.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Argon.Worker;

/// <summary>Adds a worker to a host.</summary>
public static class WorkerServiceCollectionExtensions
{
    public static IServiceCollection AddArgonWorker(this IServiceCollection services, WorkerOptions options, SharedKey key)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Capacity, "--capacity must be at least 1.");
        }

        var catalog = TaskCatalog.Load(options.LoadPaths);
        services.AddOptions<WorkerOptions>().Configure(o =>
        {
            o.ManagerHost = options.ManagerHost;
            o.ManagerPort = options.ManagerPort;
            o.Capacity = options.Capacity;
            o.LoadPaths = options.LoadPaths;
            o.AllowEval = options.AllowEval;
            o.TaskTimeout = options.TaskTimeout;
            o.Node = options.Node;
            o.MaxReconnectDelay = options.MaxReconnectDelay;
        });
        services.AddSingleton(key);
        services.AddSingleton(catalog);
        services.AddSingleton<ITaskRunner>(sp =>
        {
            var sources = catalog.Sources.Count == 0 ? "no --load paths" : string.Join(", ", catalog.Sources);
            var logger = sp.GetRequiredService<ILogger<ManagerLink>>();
            WorkerLog.TasksLoaded(logger, catalog.Count, sources);
            return new InProcessTaskRunner(new TaskInvoker(catalog, options.Node), options.Capacity);
        });
        services.AddHostedService<ManagerLink>();
        return services;
    }
}
