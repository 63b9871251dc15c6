using System.IO.Pipelines;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;

namespace Argon.Protocol.Security;

/// <summary>
/// The connecting side of the key proof, run inside TLS: offer our key ids, prove the key the server picked, then
/// check the server's proof in its Welcome. Once the server's proof fails, nothing more is sent.
/// </summary>
public static class ClientHandshake
{
    /// <exception cref="KeyProofException">The server does not hold our key, or refused our proof.</exception>
    /// <exception cref="ProtocolException">The server broke the handshake.</exception>
    /// <exception cref="ArgumentException"><paramref name="node"/> is not a name the server accepts.</exception>
    public static async Task<Welcome> RunAsync(
        IDuplexPipe pipe, KeyRing keys, byte[] serverCertificateHash, PeerRole role, string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        ArgumentNullException.ThrowIfNull(keys);
        if (FieldRules.Line(node, MessageLimits.MaxNameLength) is { } problem)
        {
            // The server would refuse such a Hello and close the connection; say why here instead.
            throw new ArgumentException(
                $"This node's name {problem}: a name is one line of at most {MessageLimits.MaxNameLength} printable characters.", nameof(node));
        }

        var clientNonce = KeyProof.NewNonce();
        await SingleFrame.WriteAsync(pipe.Output, new Hello
        {
            Version = ProtocolConstants.Version,
            Role = role,
            Nonce = clientNonce,
            Node = node,
            KeyIds = keys.Ids,
        }, cancellationToken).ConfigureAwait(false);

        var server = Expect<Hello>(await ReadAsync(pipe, cancellationToken).ConfigureAwait(false));
        if (server.Version != ProtocolConstants.Version)
        {
            throw new ProtocolException($"the server speaks protocol version {server.Version}; this node speaks {ProtocolConstants.Version}");
        }

        if (server.Nonce?.Length != ProtocolConstants.NonceSize)
        {
            throw new ProtocolException("the server's nonce has the wrong size");
        }

        var key = keys.Keys.FirstOrDefault(k => k.Id == server.KeyId)
            ?? throw new ProtocolException("the server picked a key this node did not offer");
        var clientProof = KeyProof.ForClient(key, clientNonce, server.Nonce, serverCertificateHash);
        await SingleFrame.WriteAsync(pipe.Output, new Proof { Mac = clientProof }, cancellationToken).ConfigureAwait(false);

        var welcome = Expect<Welcome>(await ReadAsync(pipe, cancellationToken).ConfigureAwait(false));
        var expected = KeyProof.ForServer(key, clientNonce, server.Nonce, serverCertificateHash);
        if (!KeyProof.Matches(expected, welcome.Proof))
        {
            throw new KeyProofException(
                $"the server '{PeerText.Escape(welcome.Node)}' could not prove it holds the shared key: the key files differ (or a relay is in the way)");
        }

        return welcome;
    }

    private static async Task<Message> ReadAsync(IDuplexPipe pipe, CancellationToken cancellationToken) =>
        await SingleFrame.ReadAsync(pipe.Input, ProtocolConstants.MaxHandshakeFrameSize, cancellationToken).ConfigureAwait(false);

    private static T Expect<T>(Message message)
        where T : Message => message switch
        {
            T expected => expected,
            Refused { Kind: RefusalKind.Key } refused => throw new KeyProofException($"the server refused the connection: {PeerText.Escape(refused.Reason)}"),
            Refused refused => throw new ProtocolException($"the server refused the connection: {PeerText.Escape(refused.Reason)}"),
            _ => throw new ProtocolException($"expected {typeof(T).Name} during the handshake, got {message.Type}"),
        };
}
