using System.Collections.Concurrent;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Manager.Connections;

/// <summary>Every open connection, so shutdown can say Goodbye to each.</summary>
internal sealed class ManagerConnections
{
    private readonly ConcurrentDictionary<FrameConnection, byte> _open = new();

    /// <summary>How many connections are open now.</summary>
    public int Count => _open.Count;

    public IDisposable Add(FrameConnection connection)
    {
        _open.TryAdd(connection, 0);
        return new Registration(this, connection);
    }

    public void Broadcast(Message message)
    {
        foreach (var connection in _open.Keys)
        {
            connection.Send(message);
        }
    }

    public void SayGoodbye(string reason)
    {
        foreach (var connection in _open.Keys)
        {
            connection.Send(new Goodbye { Reason = reason });
            connection.CompleteSending();
        }
    }

    private sealed class Registration(ManagerConnections owner, FrameConnection connection) : IDisposable
    {
        public void Dispose() => owner._open.TryRemove(connection, out _);
    }
}
