using Argon.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Argon.Worker.Http;

/// <summary>
/// The worker's plain-HTTP surface (--http): /metrics in Prometheus text, /healthz, and /readyz (ready once registered
/// with at least one manager; a stand-alone worker, once listening).
/// </summary>
public static class WorkerHttpEndpoints
{
    /// <summary>The paths served without the --http-token-file token: the health and readiness probes, for load balancers.</summary>
    public static IReadOnlySet<string> OpenPaths { get; } = new HashSet<string>(["/healthz", "/readyz"], StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapArgonWorkerHttp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", static context => context.Response.WriteAsync("ok\n", context.RequestAborted));
        endpoints.MapGet("/readyz", static context => Readiness.WriteAsync(context, WorkerReadiness.NotReady(context.RequestServices)));
        endpoints.MapGet("/metrics", static async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.RequestServices.GetRequiredService<WorkerMetrics>().Registry
                .CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        return endpoints;
    }
}
