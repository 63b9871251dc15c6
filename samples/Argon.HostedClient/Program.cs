// A client application in its own Generic Host: the ArgonClient comes from dependency injection (AddArgonClient,
// bound from appsettings.json's "Argon" section, connected when the host starts), and every call's span and the
// client's "Argon" meter go to OpenTelemetry's console exporter. Run a cluster first, in this folder:
//   argon keygen argon.key
//   argon manager --port 8000 --key argon.key &
//   argon worker --manager 127.0.0.1:8000 --key argon.key --load ../Argon.Samples/bin/Debug/net10.0/Argon.Samples.dll &
// then `dotnet run --project samples/Argon.HostedClient` (from the repository root: give --Argon:KeyFile=PATH).
using Argon;
using Argon.Samples;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddArgonClient(builder.Configuration.GetSection("Argon"));
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddSource("Argon").AddConsoleExporter())
    .WithMetrics(metrics => metrics.AddMeter("Argon").AddConsoleExporter());

using var host = builder.Build();
await host.StartAsync();

var client = host.Services.GetRequiredService<ArgonClient>();
var sums = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => client.QueueAsync(new Add(i, i * 10))));
Console.WriteLine($"Computed on the cluster: {string.Join(", ", sums)}");

await host.StopAsync();
