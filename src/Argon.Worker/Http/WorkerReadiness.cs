using Argon.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Argon.Worker.Http;

/// <summary>
/// When a worker is ready (/readyz): started, not shutting down, and, when it serves managers, registered with at
/// least one of them. A stand-alone worker (direct clients only) is ready once it is listening.
/// </summary>
internal static class WorkerReadiness
{
    public static string? NotReady(IServiceProvider services)
    {
        if (Readiness.HostNotReady(services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>()) is { } host)
        {
            return host;
        }

        return services.GetService<ManagerLinks>() is { } links && links.Registered == 0
            ? $"not registered with any manager ({links.Count} configured)"
            : null;
    }
}
