using System.Buffers;
using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;

namespace Argon.Protocol.Tests.Messages;

/// <summary>
/// PeerReport (worker → manager) and the peers a StatusReply lists: every byte comes from a peer, so counts, lengths,
/// characters and numbers are bounded before the manager keeps any of it.
/// </summary>
public sealed class PeerValidationTests
{
    private static PeerLink Link(string endpoint, bool up = true, long since = 0) => new() { Endpoint = endpoint, IsUp = up, SinceChangeMs = since };

    public static TheoryData<PeerReport, string> HostileReports() => new()
    {
        { new PeerReport { Peers = null! }, "invalid PeerReport: Peers is missing" },
        { new PeerReport { Peers = [null!] }, "invalid PeerReport: Peers[0] is missing" },
        { new PeerReport { Peers = [.. Enumerable.Range(0, MessageLimits.MaxPeers + 1).Select(i => Link($"m{i}:1"))] }, "invalid PeerReport: Peers holds 257 items, over the limit of 256" },
        { new PeerReport { Peers = [Link(new string('h', MessageLimits.MaxNameLength + 1))] }, "invalid PeerReport: Peers[0].Endpoint is 257 characters long" },
        { new PeerReport { Peers = [Link("")] }, "invalid PeerReport: Peers[0].Endpoint is empty" },
        { new PeerReport { Peers = [Link(null!)] }, "invalid PeerReport: Peers[0].Endpoint is missing" },
        { new PeerReport { Peers = [Link("b:1"), Link("b:1\n")] }, "invalid PeerReport: Peers[1].Endpoint holds the control character U+000A" },
        { new PeerReport { Peers = [Link("\u202Eb:1")] }, "invalid PeerReport: Peers[0].Endpoint holds the control character U+202E" },
        { new PeerReport { Peers = [Link("b:1"), Link("c:1"), Link("b:1")] }, "invalid PeerReport: Peers[2].Endpoint repeats Peers[0].Endpoint" },
        { new PeerReport { Peers = [Link("b:1", since: long.MinValue)] }, "invalid PeerReport: Peers[0].SinceChangeMs" },
    };

    [Theory]
    [MemberData(nameof(HostileReports))]
    public void Read_HostilePeerReport_IsRefusedNamingTheField(PeerReport report, string expected)
    {
        var ex = Assert.Throws<ProtocolException>(() => RoundTrip(report));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\u202E', ex.Message);
    }

    [Fact]
    public void Read_PeerReportAtItsBounds_IsAccepted()
    {
        var peers = Enumerable.Range(0, MessageLimits.MaxPeers)
            .Select(i => Link(i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(MessageLimits.MaxNameLength, 'h'), i % 2 == 0, long.MaxValue))
            .ToArray();

        var read = Assert.IsType<PeerReport>(RoundTrip(new PeerReport { Peers = peers }));

        Assert.Equal(MessageLimits.MaxPeers, read.Peers.Count);
        Assert.Equal(peers[3].Endpoint, read.Peers[3].Endpoint);
        Assert.False(read.Peers[3].IsUp);
        Assert.Equal(long.MaxValue, read.Peers[3].SinceChangeMs);
    }

    [Fact]
    public void Read_PeerReportWhoseListAnnouncesBillionsOfItems_IsMalformed()
    {
        byte[] body = [0x91, 0xDD, 0xFF, 0xFF, 0xFF, 0xFF]; // [ array32 of 4 294 967 295 items, and nothing after ]

        var ex = Assert.Throws<ProtocolException>(() => MessageCodec.Read(MessageType.PeerReport, new ReadOnlySequence<byte>(body)));

        Assert.Contains("malformed PeerReport", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<PeerStatus?, string> HostileStatusPeers() => new()
    {
        { null, "invalid StatusReply: Peers[0] is missing" },
        { new PeerStatus { Endpoint = "b:1", ReachableBy = 3, ReportedBy = 2 }, "invalid StatusReply: Peers[0].ReachableBy 3 is outside 0..2" },
        { new PeerStatus { Endpoint = "b:1", ReachableBy = -1, ReportedBy = 2 }, "invalid StatusReply: Peers[0].ReachableBy -1 is outside" },
        { new PeerStatus { Endpoint = "b:1", ReachableBy = 0, ReportedBy = 0 }, "invalid StatusReply: Peers[0].ReportedBy 0 is outside" },
        { new PeerStatus { Endpoint = "b:1\u0007", ReachableBy = 0, ReportedBy = 1 }, "invalid StatusReply: Peers[0].Endpoint holds the control character U+0007" },
        { new PeerStatus { Endpoint = "b:1", ReachableBy = 0, ReportedBy = 1, SinceChangeMs = -5 }, "invalid StatusReply: Peers[0].SinceChangeMs -5 is negative" },
    };

    [Theory]
    [MemberData(nameof(HostileStatusPeers))]
    public void Read_StatusReplyWithAHostilePeer_IsRefused(PeerStatus? peer, string expected)
    {
        var ex = Assert.Throws<ProtocolException>(() => RoundTrip(Status([peer!])));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StatusReplyWithTooManyPeers_IsRefused()
    {
        var peers = Enumerable.Range(0, MessageLimits.MaxStatusPeers + 1).Select(i => new PeerStatus { Endpoint = $"m{i}:1", ReportedBy = 1 }).ToArray();

        var ex = Assert.Throws<ProtocolException>(() => RoundTrip(Status(peers)));

        Assert.StartsWith("invalid StatusReply: Peers holds 1025 items", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StatusReplyWithoutPeers_DecodesAsNone()
    {
        var read = Assert.IsType<StatusReply>(RoundTrip(Status([])));

        Assert.Empty(read.Peers);
    }

    private static StatusReply Status(IReadOnlyList<PeerStatus> peers) => new() { Node = "m", Version = "1", Peers = peers };

    private static Message RoundTrip(Message message)
    {
        var body = new ArrayBufferWriter<byte>();
        MessageCodec.Write(body, message);
        return MessageCodec.Read(message.Type, new ReadOnlySequence<byte>(body.WrittenMemory));
    }
}
