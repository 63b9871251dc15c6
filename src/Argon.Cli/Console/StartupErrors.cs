using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Argon.Cli.Console;

/// <summary>A port a manager or worker listens on, with the option that sets it ("--port", "--http port"), for one-line bind errors.</summary>
internal sealed record Listener(string Option, IPAddress Address, int Port);

/// <summary>What goes wrong while a manager or worker starts, as one line that says what to do.</summary>
internal static class StartupErrors
{
    /// <summary>
    /// Runs what reads a command's configuration (options, key and token files, task paths): whatever fails there is
    /// a configuration error, one line, exit 2.
    /// </summary>
    public static T Configuration<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CommandLineException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new CommandLineException(OneLine(ex.Message), ex);
        }
    }

    /// <summary>The one-line error for a listener that could not bind, or null when <paramref name="error"/> is not one.</summary>
    public static string? BindFailure(Exception error, IReadOnlyList<Listener> listeners)
    {
        var socket = Chain(error).OfType<SocketException>().FirstOrDefault();
        var inUse = Chain(error).Any(e => e is AddressInUseException) || socket?.SocketErrorCode == SocketError.AddressAlreadyInUse;
        if (!inUse && socket is null)
        {
            return null;
        }

        // Kestrel says "Failed to bind to address http://0.0.0.0:8000: ..."; find which of ours that is.
        var text = string.Join(" ", Chain(error).Select(e => e.Message));
        var listener = listeners.FirstOrDefault(l => text.Contains($"//{new IPEndPoint(l.Address, l.Port)}:", StringComparison.Ordinal))
            ?? listeners.FirstOrDefault(l => l.Port > 0 && text.Contains($":{l.Port}:", StringComparison.Ordinal));
        var where = listener is null ? "a port" : $"port {listener.Port} on {listener.Address}";
        var option = listener?.Option ?? "port (--port, --http)";
        return inUse
            ? $"{where} is in use: stop the other process or pick another {option}."
            : socket!.SocketErrorCode switch
            {
                SocketError.AccessDenied => $"cannot listen on {where}: permission denied (ports below 1024 need privileges); pick another {option}.",
                SocketError.AddressNotAvailable => $"cannot listen on {where}: that address is not on this machine; fix {option}.",
                _ => $"cannot listen on {where}: {OneLine(socket.Message)}; check {option}.",
            };
    }

    /// <summary>The first line of a message.</summary>
    public static string OneLine(string message)
    {
        var newline = message.AsSpan().IndexOfAny('\r', '\n');
        return newline >= 0 ? message[..newline] : message;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
