using System.Net.Security;
using System.Security.Authentication;
using Argon.Protocol;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Argon.Hosting;

/// <summary>
/// Kestrel connection middleware: TLS 1.3 with the server's certificate, then the key proof bound to it.
/// Handlers after it see only authenticated plaintext frames and a <see cref="PeerIdentity"/> feature.
/// A peer that fails either step is logged with its address and the reason, and only its connection closes.
/// </summary>
public sealed class SecureChannelMiddleware(ConnectionDelegate next, SecureChannelOptions options, ILogger<SecureChannelMiddleware> logger)
{
    /// <summary>Failed handshakes logged per 10 s at most (5 a second); the rest are counted into the next line.</summary>
    private readonly LogBudget _failures = new(50, TimeSpan.FromSeconds(10));

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var remote = connection.RemoteEndPoint?.ToString() ?? "an unknown address";
        var original = connection.Transport;
        var ssl = new SslStream(new DuplexPipeStream(original), leaveInnerStreamOpen: true);
        await using var _ = ssl.ConfigureAwait(false);
        PeerIdentity peer;
        DuplexPipe plaintext;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed))
        {
            timeout.CancelAfter(ProtocolConstants.HandshakeTimeout);
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = options.Certificate,
                    EnabledSslProtocols = SslProtocols.Tls13,
                    ClientCertificateRequired = false,
                }, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
            {
                LogFailure(remote, ex is OperationCanceledException
                    ? "TLS handshake did not finish in time"
                    : $"TLS handshake failed: {ex.Message}");
                return;
            }

            plaintext = DuplexPipe.Over(ssl);
            try
            {
                var hello = await ServerHandshake.RunAsync(plaintext, options.Keys, options.CertificateHash, options.Node, options.MaxFrameSize, timeout.Token)
                    .ConfigureAwait(false);
                peer = new PeerIdentity(hello.Role, PeerText.Escape(hello.Node), remote);
            }
            catch (KeyProofException ex)
            {
                LogFailure(remote, ex.Message, keyRefused: true);
                return;
            }
            catch (Exception ex) when (ex is ProtocolException or IOException or OperationCanceledException)
            {
                LogFailure(remote, ex is OperationCanceledException
                    ? "key proof did not finish in time"
                    : $"key proof failed: {ex.Message}");
                return;
            }
        }

        HostingLog.Authenticated(logger, peer.Role, peer.Node, remote);
        connection.Features.Set(peer);
        connection.Transport = plaintext;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = original;
        }
    }

    private void LogFailure(string remote, string reason, bool keyRefused = false)
    {
        if (!_failures.TryTake(out var heldBack))
        {
            return;
        }

        // A reason can quote what the peer sent (an exception's message), so it is escaped like any peer text.
        var escaped = PeerText.Escape(reason, PeerText.MaxReasonLength);
        var line = heldBack == 0 ? escaped : $"{escaped} ({heldBack} more refusals since the last one logged were not logged)";
        if (keyRefused)
        {
            HostingLog.KeyRefused(logger, remote, line);
        }
        else
        {
            HostingLog.HandshakeFailed(logger, remote, line);
        }
    }
}
