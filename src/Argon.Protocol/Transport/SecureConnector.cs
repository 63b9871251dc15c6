using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;

namespace Argon.Protocol.Transport;

/// <summary>
/// Opens an outgoing connection: TCP, TLS 1.3, then the channel-bound key proof. The server's certificate
/// is not checked against a CA: trust comes from the key proof, which covers the certificate's hash.
/// </summary>
public static class SecureConnector
{
    /// <exception cref="KeyProofException">The server does not hold the same key.</exception>
    /// <exception cref="SocketException">Nothing answers at the address.</exception>
    /// <exception cref="ProtocolException">The server broke the handshake.</exception>
    /// <exception cref="AuthenticationException">TLS failed.</exception>
    public static async Task<SecureChannel> ConnectAsync(
        string host, int port, KeyRing keys, PeerRole role, string node, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? ssl = null;
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var remote = $"{host}:{port}";
            ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProtocolConstants.HandshakeTimeout);
            try
            {
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    // The key proof authenticates the server and covers this certificate's hash (see the type's summary).
#pragma warning disable CA5359
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
#pragma warning restore CA5359
                }, timeout.Token).ConfigureAwait(false);

                var certificateHash = ServerCertificate.Hash(ssl.RemoteCertificate
                    ?? throw new ProtocolException("the server presented no certificate"));
                var pipe = DuplexPipe.Over(ssl);
                var welcome = await ClientHandshake.RunAsync(pipe, keys, certificateHash, role, node, timeout.Token).ConfigureAwait(false);
                return new SecureChannel(ssl, pipe, welcome, remote);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ProtocolException($"the handshake with {remote} did not finish within {ProtocolConstants.HandshakeTimeout.TotalSeconds:0} s");
            }
        }
        catch
        {
            if (ssl is not null)
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }
}
