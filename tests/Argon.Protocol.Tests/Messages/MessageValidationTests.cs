using System.Buffers;
using Argon.Protocol.Messages;
using Argon.Protocol.Messages.Validation;

namespace Argon.Protocol.Tests.Messages;

/// <summary>Every message is validated as it is decoded: one bad field closes the connection with a line naming it.</summary>
public sealed class MessageValidationTests
{
    private static readonly string Hash = new('a', 64);
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly byte[] Nonce = new byte[ProtocolConstants.NonceSize];
    private static readonly byte[] Mac = new byte[MessageLimits.MacSize];

    /// <summary>A message with one bad field, and the field the refusal must name.</summary>
    public static TheoryData<Message, string> InvalidMessages() => new()
    {
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, Priority = (TaskPriority)99 }, "invalid Submit: Priority 99 is not one of High, Normal, Low" },
        { new Submit { Id = 1, TypeName = "T", Kind = (TaskKind)9 }, "invalid Submit: Kind 9" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TimeoutMs = -1 }, "invalid Submit: TimeoutMs -1 is negative" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, MaxAttempts = -5 }, "invalid Submit: MaxAttempts" },
        { new Submit { Id = 1, TypeName = "T\u001b[2J", Kind = TaskKind.Instance }, "invalid Submit: TypeName holds the control character U+001B at index 1" },
        { new Submit { Id = 1, TypeName = new string('x', MessageLimits.MaxTypeNameLength + 1), Kind = TaskKind.Instance }, "invalid Submit: TypeName is" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Delegate, Code = new CodeReference { Assemblies = [new CodeAssembly { Name = "A", Hash = "ABC" }] } }, "invalid Submit: Code.Assemblies[0].Hash" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Delegate, Code = new CodeReference { Assemblies = [new CodeAssembly { Name = "A", Hash = Hash, Size = -1 }] } }, "invalid Submit: Code.Assemblies[0].Size" },
        { new Assign { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TimeoutMs = -2 }, "invalid Assign: TimeoutMs" },
        { new Assign { Id = 1, TypeName = "T", Kind = TaskKind.Instance, CallId = Guid.Empty }, "invalid Assign: CallId is empty" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, CallId = Guid.Empty }, "invalid Submit: CallId is empty" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, Resubmitted = true }, "invalid Submit: Resubmitted is set without a CallId" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TraceParent = "00-abc" }, "invalid Submit: TraceParent is 6 characters long, not 55" },
        { new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TraceParent = TraceParent.Replace('-', '_') }, "invalid Submit: TraceParent is not four dash-separated fields" },
        { new Assign { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TraceParent = TraceParent.ToUpperInvariant() }, "invalid Assign: TraceParent holds a character that is not lower-case hex at index 4" },
        { new Assign { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TraceState = "a=1\nfake" }, "invalid Assign: TraceState holds the control character U+000A" },
        { new Orphans { Held = [Guid.NewGuid(), Guid.Empty] }, "invalid Orphans: Held[1] is empty" },
        { new Orphans { Released = new Guid[MessageLimits.MaxOrphanIds + 1] }, "invalid Orphans: Released holds" },
        { new Orphans { Held = null! }, "invalid Orphans: Held is missing" },
        { new Attach { Id = -1, CallId = Guid.NewGuid() }, "invalid Attach: Id" },
        { new Attach { Id = 1, CallId = Guid.Empty }, "invalid Attach: CallId is empty" },
        { new Complete { Id = 1, Outcome = new TaskOutcome { Status = (OutcomeStatus)0 } }, "invalid Complete: Outcome.Status 0" },
        { new Complete { Id = 1, Outcome = new TaskOutcome { Status = OutcomeStatus.Faulted, ErrorMessage = new string('m', MessageLimits.MaxErrorMessageLength + 1) } }, "invalid Complete: Outcome.ErrorMessage" },
        { new Result { Id = 1, Outcome = new TaskOutcome { Status = OutcomeStatus.Revoked } }, "invalid Result: Outcome.Status" },
        { new Result { Id = 1, Outcome = new TaskOutcome { Status = OutcomeStatus.Succeeded, Node = "n\rfake" } }, "invalid Result: Outcome.Node" },
        { new Result { Id = 1, Outcome = new TaskOutcome { Status = OutcomeStatus.Crashed, Attempts = -1 } }, "invalid Result: Outcome.Attempts" },
        { new Result { Id = 1, Outcome = new TaskOutcome { Status = OutcomeStatus.Crashed, ExitDescription = "exit code 1\nfake line" } }, "invalid Result: Outcome.ExitDescription" },
        { new Result { Id = 1, Outcome = new TaskOutcome { Status = (OutcomeStatus)10 } }, "invalid Result: Outcome.Status 10" },
        { new Deny { Id = 1, Reason = "full", RetryAfterMs = -1 }, "invalid Deny: RetryAfterMs" },
        { new Deny { Id = 1, Reason = "full\nfake line" }, "invalid Deny: Reason" },
        { new Cancel { Id = -1 }, "invalid Cancel: Id" },
        { new Revoke { Ids = [1, -2] }, "invalid Revoke: Ids[1]" },
        { new Revoke { Ids = new long[MessageLimits.MaxRevokeIds + 1] }, "invalid Revoke: Ids holds" },
        { new Credit { Tasks = -1 }, "invalid Credit: Tasks" },
        { new Share { Capacity = 0 }, "invalid Share: Capacity 0 is outside" },
        { new Share { Capacity = MessageLimits.MaxCapacity + 1 }, "invalid Share: Capacity" },
        { new PeerReport { Peers = [new PeerLink { Endpoint = "b:8000", SinceChangeMs = -1 }] }, "invalid PeerReport: Peers[0].SinceChangeMs -1 is negative" },
        { new PeerReport { Peers = [new PeerLink { Endpoint = "b:8000\u001b[2J" }] }, "invalid PeerReport: Peers[0].Endpoint holds the control character U+001B" },
        { new Register { NodeId = "w", Capacity = 0, Version = "1" }, "invalid Register: Capacity 0 is outside" },
        { new Register { NodeId = new string('w', MessageLimits.MaxNameLength + 1), Capacity = 1, Version = "1" }, "invalid Register: NodeId" },
        { new StatusRequest { Id = -1 }, "invalid StatusRequest: Id" },
        { new StatusReply { Node = "m", Version = "1", QueueDepthByPriority = [1, 2] }, "invalid StatusReply: QueueDepthByPriority holds 2 items, not 3" },
        { new StatusReply { Node = "m", Version = "1", Workers = [new WorkerStatus { NodeId = "w", Address = "a", AverageTaskMs = double.NaN }] }, "invalid StatusReply: Workers[0].AverageTaskMs" },
        { new Drain { Reason = "\u202Eevil" }, "invalid Drain: Reason holds the control character U+202E" },
        { new Goodbye { Reason = "bye\u0085" }, "invalid Goodbye: Reason" },
        { new ExecutorReady { Token = "t", ProcessId = -1 }, "invalid ExecutorReady: ProcessId" },
        { new Hello { Version = 1, Role = (PeerRole)3, Nonce = Nonce, Node = "n" }, "invalid Hello: Role 3" },
        { new Hello { Version = 1, Role = PeerRole.Client, Nonce = [1], Node = "n" }, "invalid Hello: Nonce is 1 bytes long" },
        { new Hello { Version = 1, Role = PeerRole.Client, Nonce = Nonce, Node = "evil\r\u001b[31mFAKE" }, "invalid Hello: Node holds the control character U+000D at index 4" },
        { new Proof { Mac = [1, 2] }, "invalid Proof: Mac" },
        { new Hello { Version = 2, Role = PeerRole.Client, Nonce = Nonce, Node = "n", KeyIds = ["0123456789ABCDEF"] }, "invalid Hello: KeyIds[0] holds a character that is not lower-case hex" },
        { new Hello { Version = 2, Role = PeerRole.Client, Nonce = Nonce, Node = "n", KeyIds = ["0123456789abcdef", "1", "2", "3", "4"] }, "invalid Hello: KeyIds holds 5 items" },
        { new Hello { Version = 2, Role = PeerRole.Client, Nonce = Nonce, Node = "n", KeyId = "abc" }, "invalid Hello: KeyId is 3 characters long" },
        { new Welcome { Node = "m", MaxFrameSize = 0, Proof = Mac }, "invalid Welcome: MaxFrameSize" },
        { new Welcome { Node = "m", MaxFrameSize = 10, Proof = [1, 2] }, "invalid Welcome: Proof is 2 bytes long" },
        { new Refused { Reason = "r", Kind = (RefusalKind)9 }, "invalid Refused: Kind 9" },
        { new Refused { Reason = new string('r', MessageLimits.MaxReasonLength + 1) }, "invalid Refused: Reason" },
        { new NeedCode { Id = 1, Hashes = [Hash, "nothex"] }, "invalid NeedCode: Hashes[1]" },
        { new Code { Id = 1, Hash = Hash.ToUpperInvariant() }, "invalid Code: Hash holds a character that is not lower-case hex" },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public void Read_WhenAFieldBreaksTheRules_ThrowsNamingTheField(Message message, string expected)
    {
        var ex = Assert.Throws<ProtocolException>(() => RoundTrip(message));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', ex.Message);
        Assert.DoesNotContain('\r', ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void InvalidMessages_CoverEveryMessageTypeWithFields()
    {
        var covered = InvalidMessages().Select(row => ((Message)row[0]).Type).ToHashSet();

        // A Heartbeat's timestamp is any number (it is echoed back), so a Heartbeat is never invalid.
        Assert.Equal(Enum.GetValues<MessageType>().Where(t => t != MessageType.Heartbeat).Order(), covered.Order());
    }

    [Fact]
    public void Read_NullStringsAndLists_AreRefusedAsMissing()
    {
        Assert.Contains("TypeName is missing", Assert.Throws<ProtocolException>(() => RoundTrip(new Submit { TypeName = null!, Kind = TaskKind.Instance })).Message, StringComparison.Ordinal);
        Assert.Contains("Ids is missing", Assert.Throws<ProtocolException>(() => RoundTrip(new Revoke { Ids = null! })).Message, StringComparison.Ordinal);
        Assert.Contains("Outcome is missing", Assert.Throws<ProtocolException>(() => RoundTrip(new Complete { Outcome = null! })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TraceContext_IsAcceptedAndKept()
    {
        var submit = Assert.IsType<Submit>(RoundTrip(new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TraceParent = TraceParent, TraceState = "k=v" }));
        var assign = Assert.IsType<Assign>(RoundTrip(new Assign { Id = 1, TypeName = "T", Kind = TaskKind.Instance, TraceParent = TraceParent }));

        Assert.Equal((TraceParent, "k=v"), (submit.TraceParent, submit.TraceState));
        Assert.Equal((TraceParent, (string?)null), (assign.TraceParent, assign.TraceState));
    }

    [Fact]
    public void Read_ErrorTextWithLineBreaksAndTabs_IsAccepted()
    {
        var outcome = new TaskOutcome
        {
            Status = OutcomeStatus.Faulted,
            ErrorMessage = "line one\nline two\r\n\tindented",
            ErrorStackTrace = new string('s', MessageLimits.MaxStackTraceLength),
        };

        var read = Assert.IsType<Complete>(RoundTrip(new Complete { Id = 3, Outcome = outcome }));

        Assert.Equal(outcome.ErrorMessage, read.Outcome.ErrorMessage);
    }

    [Fact]
    public void Failure_WithAHugeMessageFullOfControlCharacters_StillDecodes()
    {
        var message = string.Concat(Enumerable.Repeat("\u001b[31mred\u0007", MessageLimits.MaxErrorMessageLength));

        var read = Assert.IsType<Result>(RoundTrip(new Result { Id = 1, Outcome = TaskOutcome.Failure(OutcomeStatus.Failed, message) }));

        Assert.True(read.Outcome.ErrorMessage!.Length <= MessageLimits.MaxErrorMessageLength);
        Assert.EndsWith(PeerText.Ellipsis, read.Outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EveryPriority_IsAccepted()
    {
        foreach (var priority in Enum.GetValues<TaskPriority>())
        {
            var read = Assert.IsType<Submit>(RoundTrip(new Submit { Id = 1, TypeName = "T", Kind = TaskKind.Instance, Priority = priority, Code = new CodeReference { Assemblies = [new CodeAssembly { Name = "A", Hash = Hash, Size = 10 }] } }));
            Assert.Equal(priority, read.Priority);
        }

        Assert.IsType<Hello>(RoundTrip(new Hello { Version = 99, Role = PeerRole.Worker, Nonce = Nonce, Reserved = Mac, Node = "wörker-1", KeyIds = ["0123456789abcdef"], KeyId = "fedcba9876543210" }));
    }

    private static Message RoundTrip(Message message)
    {
        var body = new ArrayBufferWriter<byte>();
        MessageCodec.Write(body, message);
        return MessageCodec.Read(message.Type, new ReadOnlySequence<byte>(body.WrittenMemory));
    }
}
