using System.Collections.Concurrent;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Manager.Connections;

/// <summary>Every open connection, so shutdown can say Goodbye to each.</summary>
internal sealed class ManagerConnections
{
    private readonly ConcurrentDictionary<FrameConnection, byte> _open = new();
    private string? _goodbye;

    /// <summary>How many connections are open now.</summary>
    public int Count => _open.Count;

    public IDisposable Add(FrameConnection connection)
    {
        _open.TryAdd(connection, 0);
        if (Volatile.Read(ref _goodbye) is { } reason)
        {
            // Connected after the manager said Goodbye to everyone: it hears the same, and closes its side.
            SayGoodbye(connection, reason);
        }

        return new Registration(this, connection);
    }

    public void Broadcast(Message message)
    {
        foreach (var connection in _open.Keys)
        {
            connection.Send(message);
        }
    }

    /// <summary>Says Goodbye on every open connection, and on every one opened from now on; each peer then closes its side.</summary>
    public void SayGoodbye(string reason)
    {
        Volatile.Write(ref _goodbye, reason);
        foreach (var connection in _open.Keys)
        {
            SayGoodbye(connection, reason);
        }
    }

    private static void SayGoodbye(FrameConnection connection, string reason)
    {
        connection.Send(new Goodbye { Reason = reason });
        connection.CompleteSending();
    }

    private sealed class Registration(ManagerConnections owner, FrameConnection connection) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(connection, out _);
    }
}
