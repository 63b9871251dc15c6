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

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
