using System.Buffers;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Tests.Messages;
using CsCheck;

namespace Argon.Protocol.Tests.Framing;

/// <summary>
/// A connection's read loop (<see cref="FrameReader.TryRead"/> then <see cref="MessageCodec.Read"/>) over bytes that
/// arrive cut into arbitrary segments: valid frames come out whole and unchanged, and nothing a peer sends gets out
/// of the loop as anything but a <see cref="ProtocolException"/>.
/// </summary>
public sealed class FrameReaderPropertyTests
{
    private const int Iterations = 2_000;
    private const int SmallLimit = 4096;

    /// <summary>Up to 8 cut points, taken modulo the data's length + 1, so segments may also be empty.</summary>
    private static readonly Gen<int[]> Cuts = Gen.Int[0, 1 << 20].Array[0, 8];

    [Fact]
    public void ReadLoop_OverFramesSplitAnywhere_GivesBackTheSameMessages() =>
        Gen.Select(MessageGenerators.Any.Array[0, 8], Cuts).Sample((messages, cuts) =>
        {
            var buffer = Split(TestPipes.Frames(messages), cuts);
            var read = new List<Message>();

            while (FrameReader.TryRead(ref buffer, ProtocolConstants.DefaultMaxFrameSize, out var type, out var body))
            {
                read.Add(MessageCodec.Read(type, body));
            }

            Assert.True(buffer.IsEmpty);
            MessageEquivalence.Assert(messages, read.ToArray());
        });

    [Fact]
    public void ReadLoop_OverArbitraryBytesSplitAnywhere_ThrowsNothingButProtocolException() =>
        Gen.Select(Gen.Byte.Array[0, 1024], Cuts).Sample((data, cuts) => ReadAllOrRefuse(Split(data, cuts)), iter: Iterations);

    [Fact]
    public void ReadLoop_OverFramesOfArbitraryTypesAndBodiesSplitAnywhere_ThrowsNothingButProtocolException() =>
        Gen.Select(Gen.Select(Gen.Byte, Gen.Byte.Array[0, 128]).Array[1, 4], Cuts).Sample((frames, cuts) =>
        {
            // Well-formed headers around arbitrary bodies, so the bodies reach the decoder.
            var data = frames.SelectMany(f => TestPipes.Header((uint)f.Item2.Length, f.Item1).Concat(f.Item2)).ToArray();
            ReadAllOrRefuse(Split(data, cuts));
        }, iter: Iterations);

    [Fact]
    public void ReadLoop_OverValidFramesChangedOrCutAndSplitAnywhere_ThrowsNothingButProtocolException() =>
        Gen.Select(MessageGenerators.Any.Array[1, 4], Mutation.Edits, Gen.Int[0, 100], Cuts).Sample((messages, edits, keepPercent, cuts) =>
        {
            var data = Mutation.Apply(TestPipes.Frames(messages), edits, keepPercent);
            ReadAllOrRefuse(Split(data, cuts));
        }, iter: Iterations);

    private static ReadOnlySequence<byte> Split(byte[] data, int[] cuts) =>
        TestPipes.Segmented(data, cuts.Select(c => c % (data.Length + 1)).Order().ToArray());

    private static void ReadAllOrRefuse(ReadOnlySequence<byte> buffer)
    {
        try
        {
            // Each frame read consumes at least its header, so this loop ends within the data's length.
            while (FrameReader.TryRead(ref buffer, SmallLimit, out var type, out var body))
            {
                MessageCodec.Read(type, body);
            }
        }
        catch (ProtocolException)
        {
            // The promise: a broken stream is refused, the protocol's way.
        }
    }
}
