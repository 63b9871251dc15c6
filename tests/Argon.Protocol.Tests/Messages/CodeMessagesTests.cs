using System.Buffers;
using Argon.Protocol.Messages;
using Argon.Protocol.Shipping;
using MessagePack;

namespace Argon.Protocol.Tests.Messages;

public sealed class CodeMessagesTests
{
    [Fact]
    public void Submit_WithCodeReference_RoundTripsIt()
    {
        var mvid = Guid.NewGuid();
        var submit = new Submit
        {
            Id = 1, TypeName = "f", Kind = TaskKind.Delegate, Payload = new byte[] { 0xC0 },
            Code = new CodeReference { Assemblies = [new CodeAssembly { Name = "User", Hash = new string('e', 64), Size = 1234 }], ModuleMvid = mvid, MethodToken = 0x06000042 },
        };
        var body = new ArrayBufferWriter<byte>();
        MessageCodec.Write(body, submit);

        var read = Assert.IsType<Submit>(MessageCodec.Read(MessageType.Submit, new ReadOnlySequence<byte>(body.WrittenMemory)));

        Assert.Equal(TaskKind.Delegate, read.Kind);
        Assert.Equal(mvid, read.Code!.ModuleMvid);
        Assert.Equal(0x06000042, read.Code.MethodToken);
        Assert.Equal(("User", new string('e', 64), 1234L), (read.Code.Assemblies[0].Name, read.Code.Assemblies[0].Hash, read.Code.Assemblies[0].Size));
    }

    [Fact]
    public void ShippedValueCodec_RoundTripsAllowedShapes()
    {
        var value = new Shapes
        {
            Numbers = [1, 2],
            Map = new Dictionary<string, List<Guid>> { ["g"] = [Guid.NewGuid()] },
            When = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(2)),
            Kind = TaskKind.ByName,
            Maybe = 3.5m,
            Pair = (7, "seven"),
            Set = ["x", "y"],
            Day = new DateOnly(2026, 11, 23),
            Time = new TimeOnly(17, 5),
            Link = new Uri("https://example.org/a"),
            Big = System.Numerics.BigInteger.Pow(2, 100),
        };

        var read = RoundTrip(value);

        Assert.Equal(value.Numbers, read.Numbers);
        Assert.Equal(value.Map["g"], read.Map["g"]);
        Assert.Equal(value.When, read.When);
        Assert.Equal(value.Kind, read.Kind);
        Assert.Equal(value.Maybe, read.Maybe);
        Assert.Equal(value.Pair, read.Pair);
        Assert.Equal(value.Set, read.Set);
        Assert.Equal((value.Day, value.Time, value.Link, value.Big), (read.Day, read.Time, read.Link, read.Big));
        Assert.Equal(value.Day, MessagePackSerializer.Deserialize<Shapes>(Write(value), TaskSerializer.Options).Day);
    }

    [Fact]
    public void ShippedValueCodec_PlainObjectWritesAsContractlessMap()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        ShippedValueCodec.Write(ref writer, typeof(Point), new Point(3, 4), "p");
        writer.Flush();

        var read = MessagePackSerializer.Deserialize<Point>(buffer.WrittenMemory, TaskSerializer.Options);

        Assert.Equal(new Point(3, 4), read);
    }

    [Fact]
    public void ShippedValueCodec_ObjectWithPrivateState_IsRefusedNamingTheField()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);

        try
        {
            ShippedValueCodec.Write(ref writer, typeof(Hidden), new Hidden(), "h");
            Assert.Fail("a type with private state was written");
        }
        catch (ShippedValueException ex)
        {
            Assert.Equal("h", ex.Path);
            Assert.Contains("_secret", ex.Reason, StringComparison.Ordinal);
        }
    }

    private static T RoundTrip<T>(T value)
    {
        var reader = new MessagePackReader(Write(value));
        return (T)ShippedValueCodec.Read(ref reader, typeof(T))!;
    }

    private static ReadOnlyMemory<byte> Write<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        ShippedValueCodec.Write(ref writer, typeof(T), value, "value");
        writer.Flush();
        return buffer.WrittenMemory;
    }

    public sealed record Point(int X, int Y);

    public sealed class Hidden
    {
        private readonly int _secret = 1;

        public int Visible => _secret;
    }

    public sealed class Shapes
    {
        public int[] Numbers { get; set; } = [];

        public Dictionary<string, List<Guid>> Map { get; set; } = [];

        public DateTimeOffset When { get; set; }

        public TaskKind Kind { get; set; }

        public decimal? Maybe { get; set; }

        public (int, string) Pair { get; set; }

        public HashSet<string> Set { get; set; } = [];

        public DateOnly Day { get; set; }

        public TimeOnly Time { get; set; }

        public Uri? Link { get; set; }

        public System.Numerics.BigInteger Big { get; set; }
    }
}
