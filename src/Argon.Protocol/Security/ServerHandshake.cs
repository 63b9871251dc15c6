using System.IO.Pipelines;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Protocol.Security;

/// <summary>
/// The accepting side of the key proof, run inside TLS. It sends nothing that depends on a key until the peer has
/// proved it holds one: anyone can reach a server's port, and a key-dependent answer to a bare Hello would let them
/// test guesses offline. Returns the peer's Hello once it has proved the key.
/// </summary>
public static class ServerHandshake
{
    /// <exception cref="KeyProofException">The peer holds none of our keys, or its proof did not match; it has been told so.</exception>
    /// <exception cref="ProtocolException">The peer broke the handshake.</exception>
    public static async Task<Hello> RunAsync(
        IDuplexPipe pipe, KeyRing keys, byte[] certificateHash, string node, int maxFrameSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(keys);
        var client = await SingleFrame.ReadAsync<Hello>(pipe.Input, cancellationToken).ConfigureAwait(false);
        if (client.Version != ProtocolConstants.Version)
        {
            await RefuseAsync(pipe, RefusalKind.Version,
                $"protocol version {client.Version} is not supported (this node speaks {ProtocolConstants.Version})", cancellationToken).ConfigureAwait(false);
            throw new ProtocolException($"unsupported protocol version {client.Version}");
        }

        if (client.Nonce?.Length != ProtocolConstants.NonceSize || !Enum.IsDefined(client.Role))
        {
            throw new ProtocolException("malformed Hello");
        }

        var peer = $"{client.Role.ToString().ToLowerInvariant()} '{PeerText.Escape(client.Node)}'";
        var key = keys.FirstMatch(client.KeyIds);
        if (key is null)
        {
            var offered = string.Join(", ", client.KeyIds);
            var held = string.Join(", ", keys.Ids);
            await RefuseAsync(pipe, RefusalKind.Key,
                $"the key files differ: {PeerText.Escape(node)} holds key {held}, yours is {offered}", cancellationToken).ConfigureAwait(false);
            throw new KeyProofException($"{peer} holds a different key file (it offered key {offered}; this node holds {held})");
        }

        var serverNonce = KeyProof.NewNonce();
        await SingleFrame.WriteAsync(pipe.Output, new Hello
        {
            Version = ProtocolConstants.Version,
            Role = client.Role,
            Nonce = serverNonce,
            KeyId = key.Id,
        }, cancellationToken).ConfigureAwait(false);

        var proof = await SingleFrame.ReadAsync<Proof>(pipe.Input, cancellationToken).ConfigureAwait(false);
        var expected = KeyProof.ForClient(key, client.Nonce, serverNonce, certificateHash);
        if (!KeyProof.Matches(expected, proof.Mac))
        {
            await RefuseAsync(pipe, RefusalKind.Key, "key proof failed: your key file differs from this node's", cancellationToken).ConfigureAwait(false);
            throw new KeyProofException($"key proof failed: {peer} holds a different key file under the same id {key.Id}, or a relay is in the way");
        }

        await SingleFrame.WriteAsync(pipe.Output, new Welcome
        {
            Node = node,
            MaxFrameSize = maxFrameSize,
            Proof = KeyProof.ForServer(key, client.Nonce, serverNonce, certificateHash),
        }, cancellationToken).ConfigureAwait(false);
        return client;
    }

    private static async Task RefuseAsync(IDuplexPipe pipe, RefusalKind kind, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await SingleFrame.WriteAsync(pipe.Output, new Refused { Reason = reason, Kind = kind }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The peer is already gone; the refusal is logged by the caller either way.
        }
    }
}
