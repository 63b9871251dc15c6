using System.Net;
using System.Net.Sockets;

namespace Argon.IntegrationTests.Hosting;

/// <summary>
/// A loopback port that was free a moment ago, for a test that must name a port before the process that takes it
/// starts (a settings file, a worker started before its manager).
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
