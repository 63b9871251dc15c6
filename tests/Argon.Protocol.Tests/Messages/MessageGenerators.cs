using Argon.Protocol.Messages;
using CsCheck;

namespace Argon.Protocol.Tests.Messages;

/// <summary>
/// CsCheck generators of every message, with values as a well-behaved peer sends them: printable strings up to 64
/// characters, defined enum values, non-negative counts, collections of up to 8 items, 32-byte nonces and MACs,
/// hashes as 64 lower-case hex characters. Kept in one place so they can follow the decoder's validation rules.
/// </summary>
internal static class MessageGenerators
{
    public const int MaxText = 64;
    public const int MaxItems = 8;

    public static readonly Gen<string> Text = Gen.String[Gen.Char[' ', '~'], 0, MaxText];
    public static readonly Gen<string?> OptionalText = Text.Null();
    public static readonly Gen<string> Hash = Gen.String[Gen.Char["0123456789abcdef"], 64, 64];
    public static readonly Gen<byte[]> Nonce = Gen.Byte.Array[ProtocolConstants.NonceSize];
    public static readonly Gen<byte[]> Mac = Gen.Byte.Array[32];

    /// <summary>A key id as a node sends it: 8 bytes in lower-case hex (<see cref="Argon.Protocol.Security.SharedKey.Id"/>).</summary>
    public static readonly Gen<string> KeyId = Gen.Byte.Array[8].Select(Convert.ToHexStringLower);
    public static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 256];
    public static readonly Gen<ReadOnlyMemory<byte>> Memory = Bytes.Select(b => new ReadOnlyMemory<byte>(b));
    public static readonly Gen<int> Count = Gen.Int[0, 1_000_000];
    public static readonly Gen<long> Id = Gen.Long[0, long.MaxValue];
    public static readonly Gen<double> Measure = Gen.Double[0, 1e9];
    public static readonly Gen<Guid> CallId = Gen.Guid.Where(id => id != Guid.Empty);
    public static readonly Gen<Guid?> OptionalCallId = Gen.Select(Gen.Bool, CallId, (has, id) => has ? id : (Guid?)null);

    public static readonly Gen<CodeAssembly> CodeAssembly =
        Gen.Select(Text, Hash, Gen.Long[0, 64L * 1024 * 1024], (name, hash, size) => new CodeAssembly { Name = name, Hash = hash, Size = size });

    public static readonly Gen<CodeReference?> ShippedCode = Gen.Select(CodeAssembly.Array[1, MaxItems], Gen.Guid, Gen.Int[0x06000001, 0x0600FFFF],
        (assemblies, mvid, token) => new CodeReference { Assemblies = assemblies, ModuleMvid = mvid, MethodToken = token }).Null();

    public static readonly Gen<TaskOutcome> Outcome = Gen.Select(
        Gen.Select(Gen.Enum<OutcomeStatus>(), Memory, OptionalText, OptionalText, OptionalText, OptionalText, OptionalText,
            (status, payload, resultType, errorType, errorMessage, stackTrace, node) =>
                (Status: status, Payload: payload, ResultType: resultType, ErrorType: errorType, ErrorMessage: errorMessage, StackTrace: stackTrace, Node: node)),
        Gen.Int[0, 100], OptionalText,
        (o, attempts, exitDescription) => new TaskOutcome
        {
            Status = o.Status, Payload = o.Payload, ResultType = o.ResultType, ErrorType = o.ErrorType,
            ErrorMessage = o.ErrorMessage, ErrorStackTrace = o.StackTrace, Node = o.Node,
            Attempts = attempts, ExitDescription = exitDescription,
        });

    public static readonly Gen<WorkerStatus> Worker = Gen.Select(
        Text, Text, Count, Count, Measure, Id, Measure,
        (node, address, capacity, inFlight, average, completed, uptime) => new WorkerStatus
        {
            NodeId = node, Address = address, Capacity = capacity, InFlight = inFlight,
            AverageTaskMs = average, Completed = completed, UptimeSeconds = uptime,
        });

    public static readonly Gen<PeerLink> PeerLink = Gen.Select(Text.Where(t => t.Length > 0), Gen.Bool, Id,
        (endpoint, up, since) => new PeerLink { Endpoint = endpoint, IsUp = up, SinceChangeMs = since });

    public static readonly Gen<PeerStatus> Peer = Gen.Select(Text.Where(t => t.Length > 0), Gen.Int[1, 1000], Id,
        (endpoint, reported, since) => new PeerStatus { Endpoint = endpoint, ReachableBy = reported / 2, ReportedBy = reported, SinceChangeMs = since });

    /// <summary>The generator of each message type; every type of <see cref="MessageType"/> has one.</summary>
    public static IReadOnlyDictionary<MessageType, Gen<Message>> ByType { get; } = new Dictionary<MessageType, Gen<Message>>
    {
        [MessageType.Hello] = Gen.Select(Gen.Int[0, 8], Gen.Enum<PeerRole>(), Nonce, Text, KeyId.Array[0, 4], KeyId.Null(),
            (version, role, nonce, node, keyIds, keyId) => (Message)new Hello
            {
                Version = version, Role = role, Nonce = nonce, Node = node, KeyIds = keyIds, KeyId = keyId,
            }),
        [MessageType.Proof] = Mac.Select(mac => (Message)new Proof { Mac = mac }),
        [MessageType.Welcome] = Gen.Select(Text, Gen.Int[1, ProtocolConstants.DefaultMaxFrameSize], Mac,
            (node, max, proof) => (Message)new Welcome { Node = node, MaxFrameSize = max, Proof = proof }),
        [MessageType.Refused] = Gen.Select(Text, Gen.Enum<RefusalKind>(), (reason, kind) => (Message)new Refused { Reason = reason, Kind = kind }),
        [MessageType.Register] = Gen.Select(Text, Gen.Int[1, 1024], Gen.Bool, Text,
            (node, capacity, eval, version) => (Message)new Register { NodeId = node, Capacity = capacity, AllowEval = eval, Version = version }),
        [MessageType.Share] = Gen.Int[1, 1024].Select(capacity => (Message)new Share { Capacity = capacity }),
        [MessageType.PeerReport] = PeerLink.Array[0, MaxItems]
            .Select(peers => (Message)new PeerReport { Peers = [.. peers.DistinctBy(p => p.Endpoint, StringComparer.Ordinal)] }),
        [MessageType.Submit] = Gen.Select(
            Gen.Select(Id, Text, Gen.Enum<TaskKind>(), Memory), Gen.Select(Gen.Enum<TaskPriority>(), Count, Gen.Int[0, 16], ShippedCode),
            Gen.Select(OptionalCallId, Gen.Bool, (callId, resubmitted) => (CallId: callId, Resubmitted: callId is not null && resubmitted)),
            (task, call, failover) => (Message)new Submit
            {
                Id = task.Item1, TypeName = task.Item2, Kind = task.Item3, Payload = task.Item4, Priority = call.Item1,
                TimeoutMs = call.Item2, MaxAttempts = call.Item3, Code = call.Item4,
                CallId = failover.CallId, Resubmitted = failover.Resubmitted,
            }),
        [MessageType.Result] = Gen.Select(Id, Outcome.Where(o => o.Status != OutcomeStatus.Revoked), (id, outcome) => (Message)new Result { Id = id, Outcome = outcome }),
        [MessageType.Deny] = Gen.Select(Id, Text, Count, Count,
            (id, reason, depth, retry) => (Message)new Deny { Id = id, Reason = reason, QueueDepth = depth, RetryAfterMs = retry }),
        [MessageType.Credit] = Count.Select(tasks => (Message)new Credit { Tasks = tasks }),
        [MessageType.Assign] = Gen.Select(Id, Text, Gen.Enum<TaskKind>(), Memory, Count, ShippedCode, OptionalCallId,
            (id, type, kind, payload, timeout, code, callId) => (Message)new Assign
            {
                Id = id, TypeName = type, Kind = kind, Payload = payload, TimeoutMs = timeout, Code = code, CallId = callId,
            }),
        [MessageType.Orphans] = Gen.Select(CallId.Array[0, MaxItems], CallId.Array[0, MaxItems],
            (held, released) => (Message)new Orphans { Held = held, Released = released }),
        [MessageType.Attach] = Gen.Select(Id, CallId, (id, callId) => (Message)new Attach { Id = id, CallId = callId }),
        [MessageType.Complete] = Gen.Select(Id, Outcome, (id, outcome) => (Message)new Complete { Id = id, Outcome = outcome }),
        [MessageType.Cancel] = Id.Select(id => (Message)new Cancel { Id = id }),
        [MessageType.Revoke] = Id.Array[0, MaxItems].Select(ids => (Message)new Revoke { Ids = ids }),
        [MessageType.Heartbeat] = Gen.Select(Id, Gen.Bool,
            (timestamp, reply) => (Message)new Heartbeat { Timestamp = timestamp, IsReply = reply }),
        [MessageType.StatusRequest] = Id.Select(id => (Message)new StatusRequest { Id = id }),
        [MessageType.StatusReply] = Gen.Select(
            Gen.Select(Id, Text, Text, Worker.Array[0, MaxItems], Peer.Array[0, MaxItems]),
            Gen.Select(Count, Count, Count, Count.Array[3]),
            Gen.Select(Id, Id, Id, Id, Measure, Measure),
            (head, load, totals) => (Message)new StatusReply
            {
                Id = head.Item1, Node = head.Item2, Version = head.Item3, Workers = head.Item4, Peers = head.Item5,
                Capacity = load.Item1, InFlight = load.Item2, QueueLimit = load.Item3, QueueDepthByPriority = load.Item4,
                Submitted = totals.Item1, Completed = totals.Item2, Failed = totals.Item3, Denied = totals.Item4,
                TasksPerSecond = totals.Item5, UptimeSeconds = totals.Item6,
            }),
        [MessageType.Drain] = Text.Select(reason => (Message)new Drain { Reason = reason }),
        [MessageType.Goodbye] = Text.Select(reason => (Message)new Goodbye { Reason = reason }),
        [MessageType.ExecutorReady] = Gen.Select(Text, Gen.Int[1, 4_194_304],
            (token, pid) => (Message)new ExecutorReady { Token = token, ProcessId = pid }),
        [MessageType.NeedCode] = Gen.Select(Id, Hash.Array[0, MaxItems],
            (id, hashes) => (Message)new NeedCode { Id = id, Hashes = hashes }),
        [MessageType.Code] = Gen.Select(Id, Hash, Memory, OptionalText,
            (id, hash, bytes, error) => (Message)new Code { Id = id, Hash = hash, Bytes = bytes, Error = error }),
    };

    /// <summary>Any message of any type.</summary>
    public static Gen<Message> Any { get; } = Gen.OneOf(ByType.Values.ToArray());
}
