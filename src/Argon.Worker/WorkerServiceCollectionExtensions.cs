using Argon.Hosting;
using Argon.Protocol.Security;
using Argon.Worker.Direct;
using Argon.Worker.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Argon.Worker.Execution;
using Argon.Worker.Shipping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Argon.Worker;

/// <summary>Adds a worker to a host.</summary>
public static class WorkerServiceCollectionExtensions
{
    public static IServiceCollection AddArgonWorker(this IServiceCollection services, WorkerOptions options, KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Capacity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Capacity, "--capacity must be at least 1.");
        }

        var launch = options.ExecutorLaunch ?? throw new ArgumentException("WorkerOptions.ExecutorLaunch must say how to start `argon executor`.", nameof(options));
        foreach (var path in options.LoadPaths)
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"Task assembly path '{path}' does not exist.", path);
            }
        }

        services.AddOptions<WorkerOptions>().Configure(o =>
        {
            o.ManagerHost = options.ManagerHost;
            o.ManagerPort = options.ManagerPort;
            o.Managers = options.Managers;
            o.Capacity = options.Capacity;
            o.DirectQueueSize = options.DirectQueueSize;
            o.LoadPaths = options.LoadPaths;
            o.AllowEval = options.AllowEval;
            o.CodeCacheBytes = options.CodeCacheBytes;
            o.TaskTimeout = options.TaskTimeout;
            o.MaxRequests = options.MaxRequests;
            o.MaxExecutorMemoryBytes = options.MaxExecutorMemoryBytes;
            o.ExecutorLaunch = launch;
            o.Node = options.Node;
            o.MaxReconnectDelay = options.MaxReconnectDelay;
            o.Heartbeat = options.Heartbeat;
            o.DrainTimeout = options.DrainTimeout;
        });

        // The host must wait out the drain (and the executors' retirement after it) before it gives up on stopping.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(10));
        services.AddSingleton(keys);
        services.AddSingleton(sp => new ExecutorPool(new ExecutorPoolOptions
        {
            Capacity = options.Capacity,
            Launch = launch,
            Node = options.Node,
            LoadPaths = options.LoadPaths.Select(Path.GetFullPath).ToArray(),
            AllowEval = options.AllowEval,
            MaxRequests = options.MaxRequests,
            MaxMemoryBytes = options.MaxExecutorMemoryBytes,
        }, sp.GetRequiredService<ILogger<ExecutorPool>>(), sp.GetService<WorkerMetrics>(), sp.GetRequiredService<PauseWatch>()));
        services.AddSingleton<PauseWatch>();
        services.AddSingleton<TaskExecution>();
        services.AddSingleton<ITaskRunner>(sp => sp.GetRequiredService<ExecutorPool>());
        services.AddSingleton(sp => new CodeCache(sp.GetRequiredService<ExecutorPool>().CodeDirectory, options.CodeCacheBytes, sp.GetRequiredService<ILogger<CodeCache>>()));
        services.AddSingleton<ShippedCodeGate>();

        // Registration order is start order: executors are warm before the worker registers its capacity,
        // and on shutdown the manager links stop first.
        services.AddHostedService<ExecutorPoolService>();
        if (ManagerEndpoint.Of(options).Count > 0)
        {
            services.AddSingleton(sp => new CapacityShares(options.Capacity, () => sp.GetRequiredService<ExecutorPool>().Patience));
            services.AddSingleton<Failover.OrphanTable>();
            services.AddSingleton<ManagerLinks>();
            services.AddHostedService(sp => sp.GetRequiredService<ManagerLinks>());
        }

        return services;
    }

    /// <summary>
    /// Adds what --http serves: the Prometheus metrics (see <see cref="WorkerHttpEndpoints"/>). Without it nothing
    /// counts into a registry nobody can read, and prometheus-net is not loaded.
    /// </summary>
    public static IServiceCollection AddArgonWorkerHttp(this IServiceCollection services, int capacity)
    {
        services.AddSingleton(new WorkerMetrics(capacity));
        return services;
    }

    /// <summary>Lets clients connect to this worker directly (stand-alone mode, or beside its manager).</summary>
    public static IServiceCollection AddArgonDirectClients(this IServiceCollection services, SecureChannelOptions channel, int queueSize)
    {
        services.AddSingleton(channel);
        services.AddSingleton(sp => new DirectAdmission(sp.GetRequiredService<ITaskRunner>(), queueSize));
        return services;
    }

    /// <summary>Listens for direct clients on host:port.</summary>
    public static void ListenArgonWorker(this KestrelServerOptions kestrel, string host, int port) =>
        kestrel.ListenArgon<DirectClientHandler>(host, port);
}
