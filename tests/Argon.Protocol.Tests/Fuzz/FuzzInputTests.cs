using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;

namespace Argon.Protocol.Tests.Fuzz;

/// <summary>
/// Replays, as fuzz/Argon.Fuzz's targets do, the fuzz seed corpus and every input that fuzzing found crashing
/// (Fuzz/Inputs/&lt;target&gt;/*.bin, one file per crash, kept after its fix): only the protocol's own exceptions
/// may come out.
/// </summary>
public sealed class FuzzInputTests
{
    private static readonly SharedKey Key = SharedKey.FromText("argon-key: 2\nsalt: Xxwqnns9TIqR4PK21KfD4Q==\nsecret: jjsfaiydTn8KW4wdLj9KW2x9jp+gscLT5PUGFyg5Sls=\n", "the fuzz key");
    private static readonly byte[] CertificateHash = SHA256.HashData("argon fuzz certificate"u8);
    private static readonly PipeOptions Unbounded = new(pauseWriterThreshold: 0, resumeWriterThreshold: 0);

    public static TheoryData<string, string> Inputs(string target)
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { Path.Combine("Fuzz", "corpus", target), Path.Combine("Fuzz", "Inputs", target) })
        {
            var path = Path.Combine(AppContext.BaseDirectory, folder);
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.bin").Order(StringComparer.Ordinal))
                {
                    data.Add(folder, Path.GetFileName(file));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs), "frames")]
    public void FrameLoop_OnFuzzInput_ThrowsNothingButProtocolException(string folder, string file)
    {
        var data = Read(folder, file);
        var buffer = TestPipes.Segmented(data, Enumerable.Range(1, data.Length / 7).Select(i => i * 7).ToArray());

        Refused(() =>
        {
            while (FrameReader.TryRead(ref buffer, 4096, out var type, out var body))
            {
                MessageCodec.Read(type, body);
            }
        });
    }

    [Theory]
    [MemberData(nameof(Inputs), "messages")]
    public void MessageCodec_OnFuzzInput_ThrowsNothingButProtocolException(string folder, string file)
    {
        var data = Read(folder, file);

        Refused(() => MessageCodec.Read((MessageType)data[0], new ReadOnlySequence<byte>(data, 1, data.Length - 1)));
    }

    [Theory]
    [MemberData(nameof(Inputs), "handshake")]
    public async Task ServerHandshake_OnFuzzInput_ThrowsNothingButTheProtocolsExceptions(string folder, string file)
    {
        var fromPeer = new Pipe(Unbounded);
        var toPeer = new Pipe(Unbounded);
        await fromPeer.Writer.WriteAsync(Read(folder, file));
        await fromPeer.Writer.CompleteAsync();

        try
        {
            await ServerHandshake.RunAsync(new DuplexPipe(fromPeer.Reader, toPeer.Writer), Key, CertificateHash, "fuzz-server", 64 * 1024)
                .WaitAsync(TestPipes.Timeout);
        }
        catch (Exception ex) when (ex is ProtocolException or KeyProofException)
        {
            // Refused, the protocol's way.
        }
    }

    private static byte[] Read(string folder, string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, folder, file));

    private static void Refused(Action read)
    {
        try
        {
            read();
        }
        catch (ProtocolException)
        {
            // Refused, the protocol's way.
        }
    }
}
