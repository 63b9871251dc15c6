using Argon.Protocol;
using Argon.Protocol.Messages;

namespace Argon.Fuzz;

/// <summary>One plausible message of every type, as a real peer would send it: the seeds' raw material.</summary>
internal static class SeedMessages
{
    private static readonly string Hash = new('a', 64);

    public static Hello ClientHello { get; } = new()
    {
        Version = ProtocolConstants.Version, Role = PeerRole.Worker, Nonce = Filled(ProtocolConstants.NonceSize, 0x11), Node = "worker-1",
    };

    public static Proof ClientProof { get; } = new() { Mac = Filled(32, 0x22) };

    public static IReadOnlyList<Message> All { get; } =
    [
        ClientHello,
        ClientProof,
        new Welcome { Node = "manager-1", MaxFrameSize = ProtocolConstants.DefaultMaxFrameSize },
        new Refused { Reason = "key proof failed" },
        new Register { NodeId = "worker-1", Capacity = 4, AllowEval = false, Version = "0.1.0" },
        new Share { Capacity = 2 },
        new PeerReport { Peers = [new PeerLink { Endpoint = "manager-2:8000", IsUp = true, SinceChangeMs = 1200 }] },
        new Submit
        {
            Id = 1, TypeName = "Argon.Samples.Echo", Kind = TaskKind.Delegate, Payload = new byte[] { 0x91, 0x01 },
            Priority = TaskPriority.High, TimeoutMs = 1000, MaxAttempts = 2,
            Code = new CodeReference { Assemblies = [new CodeAssembly { Name = "Tasks", Hash = Hash, Size = 2048 }], ModuleMvid = new Guid(Filled(16, 0x33)), MethodToken = 0x06000001 },
        },
        new Result { Id = 1, Outcome = new TaskOutcome { Status = OutcomeStatus.Succeeded, Payload = new byte[] { 0x01 }, ResultType = "System.Int32", Node = "worker-1" } },
        new Deny { Id = 2, Reason = "queue full", QueueDepth = 64, RetryAfterMs = 100 },
        new Credit { Tasks = 8 },
        new Assign { Id = 3, TypeName = "Argon.Samples.Echo", Kind = TaskKind.Instance, Payload = new byte[] { 0x90 }, TimeoutMs = 500, CallId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") },
        new Orphans { Held = [Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")], Released = [Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7")] },
        new Attach { Id = 4, CallId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") },
        new Complete { Id = 3, Outcome = TaskOutcome.Failure(OutcomeStatus.Faulted, "boom", "worker-1") },
        new Cancel { Id = 4 },
        new Heartbeat { Timestamp = 123456789, IsReply = true },
        new StatusRequest { Id = 5 },
        new StatusReply
        {
            Id = 5, Node = "manager-1", Version = "0.1.0", Capacity = 4, InFlight = 1, QueueLimit = 64, QueueDepthByPriority = [0, 1, 0],
            Workers = [new WorkerStatus { NodeId = "worker-1", Address = "127.0.0.1:7001", Capacity = 4, InFlight = 1, AverageTaskMs = 2.5, Completed = 10, UptimeSeconds = 30 }],
            Submitted = 12, Completed = 10, Failed = 1, Denied = 1, TasksPerSecond = 3.5, UptimeSeconds = 30,
            Peers = [new PeerStatus { Endpoint = "manager-2:8000", ReachableBy = 1, ReportedBy = 1, SinceChangeMs = 1200 }],
        },
        new Drain { Reason = "shutting down" },
        new Goodbye { Reason = "bye" },
        new Revoke { Ids = [6, 7] },
        new ExecutorReady { Token = "0123456789abcdef", ProcessId = 4242 },
        new NeedCode { Id = 8, Hashes = [Hash] },
        new Code { Id = 8, Hash = Hash, Bytes = new byte[] { 0x4d, 0x5a, 0x90, 0x00 } },
    ];

    private static byte[] Filled(int length, byte value) => Enumerable.Repeat(value, length).ToArray();
}
