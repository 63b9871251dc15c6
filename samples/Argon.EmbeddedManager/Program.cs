// An Argon manager inside an application's own host: its configuration, logging and lifetime are the
// application's, and the manager's task port sits beside the application's HTTP endpoints in one Kestrel.
// Run it with `dotnet run --project samples/Argon.EmbeddedManager` after `argon keygen argon.key` in that folder,
// then start workers with `argon worker --manager 127.0.0.1:8000 --key argon.key --load Tasks.dll`.
using Argon.Hosting;
using Argon.Manager;
using Argon.Manager.Http;
using Argon.Protocol.Security;

var builder = WebApplication.CreateBuilder(args);

// ManagerOptions are plain settings: bind them from the application's configuration ("Argon:Manager").
var options = builder.Configuration.GetSection("Argon:Manager").Get<ManagerOptions>() ?? new ManagerOptions();
var keyFile = builder.Configuration["Argon:KeyFile"] ?? throw new InvalidOperationException("Set Argon:KeyFile to the cluster's key file.");
var keys = KeyRing.FromFiles([keyFile]);

builder.Services.AddArgonManager(options, new SecureChannelOptions(keys, ServerCertificate.CreateEphemeral(), options.Node)
{
    Heartbeat = options.Heartbeat,
});

// The manager's /metrics, /api/status, /healthz and /readyz, served on the application's own HTTP port.
builder.Services.AddArgonManagerHttp();

// One Kestrel: the application's HTTP port (loopback: /metrics has no token here) and the manager's task port.
// Listen calls replace any Urls setting, so the HTTP port is listed here too.
var httpPort = builder.Configuration.GetValue("Argon:HttpPort", 5080);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.ListenLocalhost(httpPort);
    kestrel.ListenArgonManager(options);
});

var app = builder.Build();
app.MapGet("/hello", () => "An application that is also an Argon manager.\n");
app.MapArgonManagerHttp();
await app.RunAsync();
