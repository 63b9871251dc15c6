using System.Buffers;
using Argon.Protocol.Messages;
using CsCheck;

namespace Argon.Protocol.Tests.Messages;

/// <summary>
/// The codec's two promises over generated input: every message a peer may send comes back as it went in, and no
/// body, however broken, gets out of <see cref="MessageCodec.Read"/> as anything but a <see cref="ProtocolException"/>.
/// </summary>
public sealed class MessageCodecPropertyTests
{
    private const int Iterations = 2_000;

    public static TheoryData<MessageType> AllTypes() => new(Enum.GetValues<MessageType>());

    [Fact]
    public void Generators_CoverEveryMessageType() =>
        Assert.Equal(Enum.GetValues<MessageType>().Order(), MessageGenerators.ByType.Keys.Order());

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Read_AfterWrite_GivesBackTheSameMessage(MessageType type) =>
        MessageGenerators.ByType[type].Sample(message =>
        {
            Assert.Equal(type, message.Type);
            var body = Encode(message);

            var read = MessageCodec.Read(type, new ReadOnlySequence<byte>(body));

            MessageEquivalence.Assert(message, read);
            Assert.Equal(body, Encode(read));
        });

    [Fact]
    public void Read_OfArbitraryTypeAndBytes_ThrowsNothingButProtocolException() =>
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 512]).Sample((type, body) =>
            ReadOrRefuse((MessageType)type, body), iter: Iterations);

    [Fact]
    public void Read_OfAKnownTypeWithArbitraryBytes_ThrowsNothingButProtocolException() =>
        Gen.Select(Gen.Enum<MessageType>(), Gen.Byte.Array[0, 512]).Sample((type, body) =>
            ReadOrRefuse(type, body), iter: Iterations);

    [Fact]
    public void Read_OfAValidBodyWithBytesChangedOrCut_ThrowsNothingButProtocolException() =>
        Gen.Select(MessageGenerators.Any, Mutation.Edits, Gen.Int[0, 100]).Sample((message, edits, keepPercent) =>
        {
            var body = Mutation.Apply(Encode(message), edits, keepPercent);
            ReadOrRefuse(message.Type, body);
        }, iter: Iterations);

    internal static byte[] Encode(Message message)
    {
        var body = new ArrayBufferWriter<byte>();
        MessageCodec.Write(body, message);
        return body.WrittenSpan.ToArray();
    }

    private static void ReadOrRefuse(MessageType type, byte[] body)
    {
        try
        {
            MessageCodec.Read(type, new ReadOnlySequence<byte>(body));
        }
        catch (ProtocolException)
        {
            // The promise: a broken body is refused, the protocol's way.
        }
    }
}
