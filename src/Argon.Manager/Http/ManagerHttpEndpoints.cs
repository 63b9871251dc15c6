using System.Reflection;
using System.Text.Json;
using Argon.Hosting;
using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Argon.Manager.Http;

/// <summary>
/// The manager's plain-HTTP surface (--http): /metrics (Prometheus text), /healthz, /readyz, /api/status (JSON) and the
/// dashboard at /, whose files are embedded in this assembly: nothing is fetched from elsewhere.
/// </summary>
public static class ManagerHttpEndpoints
{
    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";
    private static readonly string Version = typeof(ManagerHttpEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>
    /// The paths served without the --http-token-file token: the health probe (for load balancers) and the
    /// dashboard's static files, which hold no data (the page sends the token on its own requests).
    /// </summary>
    public static IReadOnlySet<string> OpenPaths { get; } = new HashSet<string>(["/healthz", "/readyz", "/", "/dashboard.js", "/dashboard.css"], StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapArgonManagerHttp(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var root = endpoints.ServiceProvider;
        root.GetRequiredService<ManagerMetrics>().Instruments.ObserveFrom(
            () => (root.GetRequiredService<Dispatcher>().Status(0, Version), root.GetRequiredService<ManagerConnections>().Count));
        endpoints.MapGet("/healthz", static context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("ok\n", context.RequestAborted);
        });
        // Ready once the host has started (every listener bound), and no longer once it is shutting down.
        endpoints.MapGet("/readyz", static context => Readiness.WriteAsync(context, Readiness.HostNotReady(Readiness.Lifetime(context))));
        endpoints.MapGet("/metrics", static async context =>
        {
            var services = context.RequestServices;
            var metrics = services.GetRequiredService<ManagerMetrics>();
            metrics.SetGauges(services.GetRequiredService<Dispatcher>().Status(0, Version), services.GetRequiredService<ManagerConnections>().Count);
            context.Response.ContentType = PrometheusContentType;
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapGet("/api/status", static async context =>
        {
            var services = context.RequestServices;
            var metrics = services.GetRequiredService<ManagerMetrics>();
            var document = StatusDocument.From(services.GetRequiredService<Dispatcher>().Status(0, Version),
                services.GetRequiredService<StatusHistory>().Snapshot(), metrics.Errors.Snapshot(), metrics.Lost);
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await JsonSerializer.SerializeAsync(context.Response.Body, document, ManagerJsonContext.Default.StatusDocument, context.RequestAborted)
                .ConfigureAwait(false);
        });
        endpoints.MapGet("/", static context => ServeResourceAsync(context, "index.html", "text/html; charset=utf-8"));
        endpoints.MapGet("/dashboard.js", static context => ServeResourceAsync(context, "dashboard.js", "text/javascript; charset=utf-8"));
        endpoints.MapGet("/dashboard.css", static context => ServeResourceAsync(context, "dashboard.css", "text/css; charset=utf-8"));
        return endpoints;
    }

    private static async Task ServeResourceAsync(HttpContext context, string name, string contentType)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in Argon.Manager.");
        await using (stream.ConfigureAwait(false))
        {
            context.Response.ContentType = contentType;
            context.Response.ContentLength = stream.Length;
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
