using System.IO.Pipelines;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Security;

/// <summary>The connecting side of the key proof, run inside TLS.</summary>
public static class ClientHandshake
{
    /// <exception cref="KeyProofException">The server does not hold our key, or refused our proof.</exception>
    /// <exception cref="ProtocolException">The server broke the handshake.</exception>
    public static async Task<Welcome> RunAsync(
        IDuplexPipe pipe, SharedKey key, byte[] serverCertificateHash, PeerRole role, string node, CancellationToken cancellationToken = default)
    {
        var clientNonce = KeyProof.NewNonce();
        await SingleFrame.WriteAsync(pipe.Output, new Hello
        {
            Version = ProtocolConstants.Version,
            Role = role,
            Nonce = clientNonce,
            Node = node,
        }, cancellationToken).ConfigureAwait(false);

        Hello server;
        try
        {
            server = await SingleFrame.ReadAsync<Hello>(pipe.Input, cancellationToken).ConfigureAwait(false);
        }
        catch (ProtocolException ex) when (ex.InnerException is null)
        {
            throw new ProtocolException($"the server refused the connection: {ex.Message}", ex);
        }

        if (server.Nonce?.Length != ProtocolConstants.NonceSize)
        {
            throw new ProtocolException("the server's nonce has the wrong size");
        }

        // Send our proof even when the server's is wrong, so the server can log the refusal too.
        var clientProof = KeyProof.ForClient(key, clientNonce, server.Nonce, serverCertificateHash);
        await SingleFrame.WriteAsync(pipe.Output, new Proof { Mac = clientProof }, cancellationToken).ConfigureAwait(false);

        var expected = KeyProof.ForServer(key, clientNonce, server.Nonce, serverCertificateHash);
        if (!KeyProof.Matches(expected, server.Proof))
        {
            throw new KeyProofException(
                $"the server '{server.Node}' could not prove it holds the shared key: the key files differ");
        }

        var reply = await SingleFrame.ReadAsync(pipe.Input, ProtocolConstants.MaxHandshakeFrameSize, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            Welcome welcome => welcome,
            Refused refused => throw new KeyProofException($"the server refused the connection: {refused.Reason}"),
            _ => throw new ProtocolException($"expected Welcome during the handshake, got {reply.Type}"),
        };
    }
}
