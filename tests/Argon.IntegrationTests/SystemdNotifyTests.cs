using System.Net.Sockets;
using System.Text;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests;

/// <summary>
/// The systemd units are Type=notify (deploy/systemd): `argon manager` must send READY=1 on the unit's
/// NOTIFY_SOCKET once it has started, and STOPPING=1 when SIGTERM starts its drain. Microsoft.Extensions.Hosting.Systemd
/// talks to systemd only when the process is a systemd service (its parent is systemd, or it is PID 1 with
/// NOTIFY_SOCKET set), so the manager runs as PID 1 of a new PID namespace (`unshare --pid --fork`, root only)
/// with NOTIFY_SOCKET naming a datagram socket this test reads, as systemd's would be.
/// </summary>
public sealed class SystemdNotifyTests
{
    [SystemdNotifyFact]
    public async Task Manager_UnderSystemd_SaysReady_ThenStoppingOnSigterm()
    {
        var directory = Directory.CreateTempSubdirectory("argon-notify-");
        try
        {
            var keyFile = Path.Combine(directory.FullName, "key");
            await using (var keygen = ArgonProcess.Start("argon keygen", ["keygen", keyFile]))
            {
                Assert.Equal(0, await Eventually.ExitAsync(keygen));
            }

            var socketPath = Path.Combine(directory.FullName, "notify.sock");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));
            await using var manager = ArgonProcess.Start("manager as a systemd service",
                ["manager", "--host", "127.0.0.1", "--port", "0", "--key", keyFile],
                new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath },
                via: ["unshare", "--pid", "--fork", "--kill-child"]);

            Assert.Equal("READY=1", await ReceiveAsync(socket, Limits.Startup));
            await manager.WaitForLineAsync(l => l.StartsWith("argon manager listening on ", StringComparison.Ordinal), Limits.Reaction);

            // SIGTERM to argon itself (unshare's child, PID 1 inside its namespace), as systemd stops a unit.
            var argonPid = int.Parse(File.ReadAllText($"/proc/{manager.Pid}/task/{manager.Pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries)[0],
                System.Globalization.CultureInfo.InvariantCulture);
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", argonPid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            Assert.Equal("STOPPING=1", await ReceiveAsync(socket, Limits.Reaction));
            Assert.Equal(0, await manager.WaitForExitAsync(Limits.Command));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        var buffer = new byte[4096];
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
        return Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }
}

/// <summary>A fact that needs root and util-linux's `unshare` (a new PID namespace); skipped with the reason otherwise.</summary>
public sealed class SystemdNotifyFactAttribute : FactAttribute
{
    public override string Skip
    {
        get => base.Skip ?? Missing()!;
        set => base.Skip = value;
    }

    private static string? Missing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "systemd's notify protocol is Linux only";
        }

        if (Environment.UserName != "root")
        {
            return "a new PID namespace (unshare --pid) needs root";
        }

        return File.Exists("/usr/bin/unshare") ? null : "util-linux's unshare is missing";
    }
}
