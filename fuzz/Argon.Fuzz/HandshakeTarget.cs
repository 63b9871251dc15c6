using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;

namespace Argon.Fuzz;

/// <summary>
/// The accepting side of the handshake against a peer that sends the input and then closes: it must return or
/// throw the protocol's own exceptions as soon as the input ends.
/// </summary>
internal static class HandshakeTarget
{
    private const int MaxFrameSize = 64 * 1024;
    private static readonly SharedKey Key = SharedKey.FromText("argon-key: 2\nsalt: Xxwqnns9TIqR4PK21KfD4Q==\nsecret: jjsfaiydTn8KW4wdLj9KW2x9jp+gscLT5PUGFyg5Sls=\n", "the fuzz key");
    private static readonly byte[] CertificateHash = SHA256.HashData("argon fuzz certificate"u8);

    // Neither pipe ever makes its writer wait: the input is written whole up front, and nobody reads the replies.
    private static readonly PipeOptions Unbounded = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0);

    public static void Run(byte[] data)
    {
        var fromPeer = new Pipe(Unbounded);
        var toPeer = new Pipe(Unbounded);
        fromPeer.Writer.Write(data);
        fromPeer.Writer.Complete();
        try
        {
            Serve(new DuplexPipe(fromPeer.Reader, toPeer.Writer)).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is ProtocolException or KeyProofException)
        {
            // Refused: the peer broke the handshake or did not prove the key.
        }
    }

    /// <summary>The one call into the handshake: adapt it here when ServerHandshake's signature changes.</summary>
    private static Task<Hello> Serve(IDuplexPipe pipe) =>
        ServerHandshake.RunAsync(pipe, Key, CertificateHash, "fuzz-server", MaxFrameSize);
}
