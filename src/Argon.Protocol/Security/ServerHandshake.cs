using System.IO.Pipelines;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Security;

/// <summary>The accepting side of the key proof, run inside TLS. Returns the peer's Hello once it has proved the key.</summary>
public static class ServerHandshake
{
    /// <exception cref="KeyProofException">The peer's proof did not match; it has been told so.</exception>
    /// <exception cref="ProtocolException">The peer broke the handshake.</exception>
    public static async Task<Hello> RunAsync(
        IDuplexPipe pipe, SharedKey key, byte[] certificateHash, string node, int maxFrameSize, CancellationToken cancellationToken = default)
    {
        var client = await SingleFrame.ReadAsync<Hello>(pipe.Input, cancellationToken).ConfigureAwait(false);
        if (client.Version != ProtocolConstants.Version)
        {
            await RefuseAsync(pipe, $"protocol version {client.Version} is not supported (this node speaks {ProtocolConstants.Version})", cancellationToken).ConfigureAwait(false);
            throw new ProtocolException($"unsupported protocol version {client.Version}");
        }

        if (client.Nonce?.Length != ProtocolConstants.NonceSize || !Enum.IsDefined(client.Role))
        {
            throw new ProtocolException("malformed Hello");
        }

        var serverNonce = KeyProof.NewNonce();
        await SingleFrame.WriteAsync(pipe.Output, new Hello
        {
            Version = ProtocolConstants.Version,
            Role = client.Role,
            Nonce = serverNonce,
            Proof = KeyProof.ForServer(key, client.Nonce, serverNonce, certificateHash),
            Node = node,
        }, cancellationToken).ConfigureAwait(false);

        var proof = await SingleFrame.ReadAsync<Proof>(pipe.Input, cancellationToken).ConfigureAwait(false);
        var expected = KeyProof.ForClient(key, client.Nonce, serverNonce, certificateHash);
        if (!KeyProof.Matches(expected, proof.Mac))
        {
            await RefuseAsync(pipe, "key proof failed: your key file differs from this node's", cancellationToken).ConfigureAwait(false);
            throw new KeyProofException($"key proof failed: {client.Role.ToString().ToLowerInvariant()} '{client.Node}' holds a different key file");
        }

        await SingleFrame.WriteAsync(pipe.Output, new Welcome { Node = node, MaxFrameSize = maxFrameSize }, cancellationToken).ConfigureAwait(false);
        return client;
    }

    private static async Task RefuseAsync(IDuplexPipe pipe, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await SingleFrame.WriteAsync(pipe.Output, new Refused { Reason = reason }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The peer is already gone; the refusal is logged by the caller either way.
        }
    }
}
