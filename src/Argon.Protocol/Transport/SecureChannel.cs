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

    public IDuplexPipe Pipe { get; }

    public Welcome Welcome { get; }

    public string Remote { get; }

    /// <summary>
    /// Ends this side's sending with TLS close_notify, after what <see cref="Pipe"/> has flushed: the peer reads
    /// the end of the stream, and this side can still read what the peer sends until it closes too.
    /// </summary>
    public Task ShutdownSendingAsync() => _stream.ShutdownAsync();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
