using System.IO.Pipelines;
using System.Net.Security;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Transport;

/// <summary>An outgoing connection that has passed TLS and the key proof.</summary>
public sealed class SecureChannel : IAsyncDisposable
{
    private readonly SslStream _stream;

    internal SecureChannel(SslStream stream, IDuplexPipe pipe, Welcome welcome, string remote)
    {
        _stream = stream;
        Pipe = pipe;
        Welcome = welcome;
        Remote = remote;
    }

    /// <summary>The authenticated plaintext frames, both ways.</summary>
    public IDuplexPipe Pipe { get; }

    /// <summary>The server's Welcome: its node name and largest frame.</summary>
    public Welcome Welcome { get; }

    /// <summary>The server as dialled, for logs and errors.</summary>
    public string Remote { get; }

    /// <summary>
    /// Ends this side's sending with TLS close_notify, after what <see cref="Pipe"/> has flushed: the peer reads
    /// the end of the stream, and this side can still read what the peer sends until it closes too.
    /// </summary>
    public Task ShutdownSendingAsync() => _stream.ShutdownAsync();

    /// <summary>Closes the TLS stream and the connection.</summary>
    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
