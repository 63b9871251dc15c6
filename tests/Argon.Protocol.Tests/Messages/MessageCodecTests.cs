using System.Buffers;
using Argon.Protocol.Messages;
using MessagePack;

namespace Argon.Protocol.Tests.Messages;

public sealed class MessageCodecTests
{
    /// <summary>One message of every type, every member set to something other than its default.</summary>
    private static readonly Message[] Samples =
    [
        new Hello
        {
            Version = 7, Role = PeerRole.Worker, Nonce = [.. Enumerable.Range(1, 32).Select(i => (byte)i)],
            Reserved = [.. Enumerable.Range(4, 32).Select(i => (byte)i)], Node = "hello-node", KeyIds = ["0123456789abcdef"], KeyId = "fedcba9876543210",
        },
        new Proof { Mac = [.. Enumerable.Range(9, 32).Select(i => (byte)i)] },
        new Welcome { Node = "manager-1", MaxFrameSize = 1234, Proof = [.. Enumerable.Range(6, 32).Select(i => (byte)i)] },
        new Refused { Reason = "nope", Kind = RefusalKind.Key },
        new Register { NodeId = "worker-1", Capacity = 8, AllowEval = true, Version = "0.1.0" },
        new Share { Capacity = 3 },
        new PeerReport
        {
            Peers = [new PeerLink { Endpoint = "10.0.0.2:8000", IsUp = true, SinceChangeMs = 1500 }, new PeerLink { Endpoint = "[::1]:8000", SinceChangeMs = 7 }],
        },
        new Submit
        {
            Id = 11, TypeName = "Argon.Samples.Add", Kind = TaskKind.ByName, Payload = new byte[] { 0x92, 4, 7 },
            Priority = TaskPriority.High, TimeoutMs = 500, MaxAttempts = 3,
            CallId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Resubmitted = true,
        },
        new Result { Id = 12, Outcome = FullOutcome() },
        new Deny { Id = 13, Reason = "queue full", QueueDepth = 100, RetryAfterMs = 250 },
        new Credit { Tasks = 14 },
        new Assign { Id = 15, TypeName = "T", Kind = TaskKind.Instance, Payload = new byte[] { 1, 2 }, TimeoutMs = 16, CallId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7") },
        new Orphans { Held = [Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")], Released = [Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7")] },
        new Attach { Id = 16, CallId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") },
        new Complete { Id = 17, Outcome = FullOutcome() },
        new Cancel { Id = 18 },
        new Revoke { Ids = [19, 20] },
        new Heartbeat { Timestamp = 19, IsReply = true },
        new StatusRequest { Id = 20 },
        new StatusReply
        {
            Id = 21, Node = "manager-1", Version = "0.1.0",
            Workers =
            [
                new WorkerStatus { NodeId = "w1", Address = "10.0.0.1:5000", Capacity = 4, InFlight = 2, AverageTaskMs = 1.5, Completed = 99, UptimeSeconds = 60.25 },
                new WorkerStatus { NodeId = "w2", Address = "10.0.0.2:5000", Capacity = 8, InFlight = 0, AverageTaskMs = 0.5, Completed = 1, UptimeSeconds = 1 },
            ],
            Capacity = 12, InFlight = 2, QueueLimit = 48, QueueDepthByPriority = [1, 2, 3],
            Submitted = 100, Completed = 90, Failed = 5, Denied = 4, TasksPerSecond = 33.5, UptimeSeconds = 3600,
            Peers = [new PeerStatus { Endpoint = "10.0.0.2:8000", ReachableBy = 1, ReportedBy = 2, SinceChangeMs = 250 }],
        },
        new Drain { Reason = "shutting down" },
        new Goodbye { Reason = "bye" },
        new ExecutorReady { Token = "0123abcd", ProcessId = 4242 },
        new NeedCode { Id = 40, Hashes = [new string('a', 64), new string('b', 64)] },
        new Code { Id = 41, Hash = new string('c', 64), Bytes = new byte[] { 0x4d, 0x5a }, Error = "too big" },
    ];

    public static TheoryData<Message> AllMessages() => new(Samples);

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Read_AfterWrite_ReturnsAnEquivalentMessage(Message message)
    {
        var body = new ArrayBufferWriter<byte>();
        MessageCodec.Write(body, message);

        var read = MessageCodec.Read(message.Type, new ReadOnlySequence<byte>(body.WrittenMemory));

        Assert.IsType(message.GetType(), read);
        MessageEquivalence.Assert(message, read);
    }

    [Fact]
    public void Samples_CoverEveryMessageType()
    {
        var covered = Samples.Select(m => m.Type).Order().ToArray();

        Assert.Equal(Enum.GetValues<MessageType>().Order().ToArray(), covered);
    }

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)5)]
    [InlineData((byte)21)]
    [InlineData((byte)255)]
    public void Read_WhenTypeIsUnknown_Throws(byte type)
    {
        var body = new ReadOnlySequence<byte>(MessagePackSerializer.Serialize(new Goodbye { Reason = "x" }, MessageCodec.Options));

        var error = Assert.Throws<ProtocolException>(() => MessageCodec.Read((MessageType)type, body));

        Assert.Contains($"unknown message type {type}", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<MessageType, byte[]> MalformedBodies() => new()
    {
        { MessageType.Submit, [] },                       // nothing at all
        { MessageType.Submit, [0xC1] },                   // a byte MessagePack never uses
        { MessageType.Submit, [0x97, 0x01] },             // an array that ends early
        { MessageType.Hello, [0xA3, (byte)'a', (byte)'b', (byte)'c'] }, // a string, not an array
        { MessageType.Heartbeat, [0x92, 0xA1, (byte)'x', 0xC3] },      // a string where a long belongs
        { MessageType.Result, [0x92, 0x01, 0x92, 0xCC] },              // a nested outcome cut short
        { MessageType.Register, [0xDD, 0xFF, 0xFF, 0xFF, 0xFF] },      // announces 4 billion elements
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Read_WhenBodyIsMalformed_Throws(MessageType type, byte[] body)
    {
        var error = Assert.Throws<ProtocolException>(() => MessageCodec.Read(type, new ReadOnlySequence<byte>(body)));

        Assert.Contains($"malformed {type}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MessageType.Hello)]
    [InlineData(MessageType.Submit)]
    [InlineData(MessageType.Result)]
    [InlineData(MessageType.Goodbye)]
    public void Read_WhenBodyIsNil_Throws(MessageType type)
    {
        // MessagePack reads nil as a null reference; a message must never come out as null.
        Assert.Throws<ProtocolException>(() => MessageCodec.Read(type, new ReadOnlySequence<byte>([0xC0])));
    }

    [Fact]
    public void Write_WhenMessageTypeHasNoCodec_Throws()
    {
        Assert.Throws<ArgumentException>(() => MessageCodec.Write(new ArrayBufferWriter<byte>(), new UnknownMessage()));
    }

    private static TaskOutcome FullOutcome() => new()
    {
        Status = OutcomeStatus.Faulted,
        Payload = new byte[] { 1, 2, 3 },
        ResultType = "System.Int32",
        ErrorType = "System.InvalidOperationException",
        ErrorMessage = "boom",
        ErrorStackTrace = "   at Somewhere()",
        Node = "worker-1",
    };

    private sealed class UnknownMessage : Message
    {
        public override MessageType Type => (MessageType)200;
    }
}
