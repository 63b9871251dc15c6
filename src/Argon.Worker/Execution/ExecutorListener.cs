using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Argon.Protocol;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Worker.Execution;

/// <summary>
/// The local socket executors connect to: a Unix domain socket in a fresh directory only this user can open
/// (mode 0700). A connection is accepted only if its first message carries a token the worker is waiting for;
/// each token is used once.
/// </summary>
internal sealed class ExecutorListener : IAsyncDisposable
{
    private const string DirectoryPrefix = "argon-worker-";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ExecutorConnection>> _expected = new(StringComparer.Ordinal);
    private readonly Socket _socket;
    private readonly string _directory;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ExecutorListener(Socket socket, string directory, string socketPath)
    {
        _socket = socket;
        _directory = directory;
        SocketPath = socketPath;
        _accepting = AcceptLoopAsync();
    }

    public string SocketPath { get; }

    /// <summary>Where shipped assemblies are cached: inside this private directory, so only this user can read or plant them.</summary>
    public string CodeDirectory => Path.Combine(_directory, "code");

    public static ExecutorListener Start()
    {
        RemoveStaleDirectories();
        var directory = Directory.CreateTempSubdirectory($"{DirectoryPrefix}{Environment.ProcessId}-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(directory, "executors.sock");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(64);
        return new ExecutorListener(socket, directory, path);
    }

    /// <summary>Waits for the executor started with <paramref name="token"/> to connect.</summary>
    public async Task<ExecutorConnection> ExpectAsync(string token, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var arrival = new TaskCompletionSource<ExecutorConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[token] = arrival;
        try
        {
            return await arrival.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _expected.TryRemove(token, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    /// <summary>Deletes socket directories left by workers that were killed (kill -9 leaves no chance to clean up).</summary>
    private static void RemoveStaleDirectories()
    {
        if (!Directory.Exists("/proc"))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var rest = Path.GetFileName(directory)[DirectoryPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(rest[..dash], System.Globalization.CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another user's, or already gone.
                }
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var connection = await _socket.AcceptAsync(_stop.Token).ConfigureAwait(false);
            _ = IdentifyAsync(connection);
        }
    }

    private async Task IdentifyAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = DuplexPipe.Over(stream);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(ProtocolConstants.HandshakeTimeout);
            var ready = await SingleFrame.ReadAsync<ExecutorReady>(pipe.Input, timeout.Token).ConfigureAwait(false);
            if (_expected.TryRemove(ready.Token, out var arrival)
                && arrival.TrySetResult(new ExecutorConnection(stream, pipe, ready.ProcessId)))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is ProtocolException or IOException or OperationCanceledException or SocketException)
        {
            // Not one of ours, or it died on the way; drop it.
        }

        await stream.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>An executor's identified connection.</summary>
internal sealed record ExecutorConnection(NetworkStream Stream, IDuplexPipe Pipe, int ProcessId);
