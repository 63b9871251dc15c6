using System.Buffers;
using System.Buffers.Binary;
using Argon.Protocol;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;

namespace Argon.Fuzz;

/// <summary>
/// Writes fuzz/corpus: for each target a few small inputs made from real encoded messages, so afl-fuzz starts from
/// valid frames and bodies rather than from noise. The output is the same on every run.
/// </summary>
internal static class SeedCorpus
{
    public static void Write(string directory)
    {
        var missing = Enum.GetValues<MessageType>().Except(SeedMessages.All.Select(m => m.Type)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"SeedMessages lacks a message of type {string.Join(", ", missing)}");
        }

        var frames = Target(directory, "frames");
        foreach (var message in SeedMessages.All)
        {
            File.WriteAllBytes(Path.Combine(frames, $"{message.Type}.bin"), Frames(message));
        }

        var heartbeats = Frames(new Heartbeat { Timestamp = 1 }, new Heartbeat { Timestamp = 1, IsReply = true });
        File.WriteAllBytes(Path.Combine(frames, "two-frames.bin"), heartbeats);
        File.WriteAllBytes(Path.Combine(frames, "truncated.bin"), heartbeats[..^3]);
        File.WriteAllBytes(Path.Combine(frames, "huge-length.bin"), Header(uint.MaxValue, MessageType.Submit));

        var messages = Target(directory, "messages");
        foreach (var message in SeedMessages.All)
        {
            File.WriteAllBytes(Path.Combine(messages, $"{message.Type}.bin"), [(byte)message.Type, .. Body(message)]);
        }

        var handshake = Target(directory, "handshake");
        var hello = Frames(SeedMessages.ClientHello);
        File.WriteAllBytes(Path.Combine(handshake, "hello.bin"), hello);
        File.WriteAllBytes(Path.Combine(handshake, "hello-proof.bin"), Frames(SeedMessages.ClientHello, SeedMessages.ClientProof));
        File.WriteAllBytes(Path.Combine(handshake, "hello-truncated.bin"), hello[..^5]);
        File.WriteAllBytes(Path.Combine(handshake, "wrong-version.bin"), Frames(new Hello
        {
            Version = ProtocolConstants.Version + 1, Role = PeerRole.Client, Nonce = SeedMessages.ClientHello.Nonce, Node = "client-1",
        }));
        File.WriteAllBytes(Path.Combine(handshake, "huge-length.bin"), Header(uint.MaxValue, MessageType.Hello));
    }

    private static string Target(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        Directory.CreateDirectory(path);
        foreach (var old in Directory.EnumerateFiles(path, "*.bin"))
        {
            File.Delete(old);
        }

        return path;
    }

    private static byte[] Frames(params Message[] messages)
    {
        var output = new ArrayBufferWriter<byte>();
        var scratch = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            FrameWriter.Write(output, message, scratch);
        }

        return output.WrittenSpan.ToArray();
    }

    private static byte[] Body(Message message)
    {
        var body = new ArrayBufferWriter<byte>();
        MessageCodec.Write(body, message);
        return body.WrittenSpan.ToArray();
    }

    private static byte[] Header(uint length, MessageType type)
    {
        var header = new byte[ProtocolConstants.HeaderSize];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        header[4] = (byte)type;
        return header;
    }
}
