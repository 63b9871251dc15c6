using Argon.Hosting;
using Argon.Manager.Connections;
using Argon.Manager.Http;
using Argon.Manager.Scheduling;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Argon.Manager;

/// <summary>Adds a manager to a host.</summary>
public static class ManagerServiceCollectionExtensions
{
    public static IServiceCollection AddArgonManager(this IServiceCollection services, ManagerOptions options, SecureChannelOptions channel)
    {
        services.AddOptions<ManagerOptions>().Configure(o =>
        {
            o.Host = options.Host;
            o.Port = options.Port;
            o.QueueSize = options.QueueSize;
            o.MaxPrefetchPerExecutor = options.MaxPrefetchPerExecutor;
            o.PrefetchWindow = options.PrefetchWindow;
            o.Node = options.Node;
            o.Heartbeat = options.Heartbeat;
            o.DrainTimeout = options.DrainTimeout;
            o.ShippedCodeWait = options.ShippedCodeWait;
        }).Validate(o => o.QueueSize >= 0, "--queue-size must be 0 (default) or more")
          .Validate(o => o.ShippedCodeWait > TimeSpan.Zero, "--eval-wait must be more than 0")
          .Validate(o => o.Port is >= 0 and <= 65535, "--port must be between 0 and 65535")
          .ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(5));
        services.AddSingleton(channel);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Dispatcher>(sp).WithMetrics(sp.GetService<ManagerMetrics>()));
        services.AddSingleton<ManagerConnections>();
        services.AddHostedService<ManagerShutdown>();
        services.AddHostedService<RebalanceLoop>();
        return services;
    }

    /// <summary>
    /// Adds what --http serves: the Prometheus metrics and the status history the dashboard draws (see
    /// <see cref="ManagerHttpEndpoints"/>). Without it nothing counts into a registry nobody can read, and the
    /// manager does not load prometheus-net (with the regular-expression and HTTP assemblies it brings: about 4 MB of RSS).
    /// </summary>
    public static IServiceCollection AddArgonManagerHttp(this IServiceCollection services)
    {
        services.AddSingleton<ManagerMetrics>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<StatusHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusHistory>());
        return services;
    }

    /// <summary>Listens for clients and workers on the manager's address.</summary>
    public static void ListenArgonManager(this KestrelServerOptions kestrel, ManagerOptions options) =>
        kestrel.ListenArgon<ManagerConnectionHandler>(options.Host, options.Port);
}
