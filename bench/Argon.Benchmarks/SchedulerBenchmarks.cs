using Argon.Manager;
using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Argon.Benchmarks;

/// <summary>
/// One scheduling decision end to end in the dispatcher (Submit → pick the least-loaded worker → Assign, then
/// Complete → Result), with 1 and 1,000 workers; the baseline is the same bookkeeping with a plain dictionary.
/// </summary>
[MemoryDiagnoser]
public class SchedulerBenchmarks
{
    private Dispatcher _dispatcher = null!;
    private ClientSession _client = null!;
    private (WorkerTracker Worker, Assign Assign) _last;
    private readonly Dictionary<long, long> _raw = [];
    private long _nextId;

    [Params(1, 1000)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dispatcher = new Dispatcher(Options.Create(new ManagerOptions { QueueSize = 1 << 20 }), NullLogger<Dispatcher>.Instance);
        _client = new ClientSession(new DiscardingSender(), "bench-client");
        for (var i = 0; i < Workers; i++)
        {
            var sender = new WorkerSender(this);
            sender.Tracker = _dispatcher.RegisterWorker(sender, new Register { NodeId = $"w{i}", Capacity = 1 });
        }
    }

    [Benchmark(Baseline = true, Description = "raw: dictionary add + remove")]
    public int Raw()
    {
        var id = ++_nextId;
        _raw[id] = id;
        _raw.Remove(id);
        return _raw.Count;
    }

    [Benchmark(Description = "submit → assign → complete → result")]
    public void SubmitAndComplete()
    {
        var id = ++_nextId;
        _dispatcher.Submit(_client, new Submit { Id = id, TypeName = "T", Kind = TaskKind.Instance, Payload = Payload });
        _dispatcher.Complete(_last.Worker, new Complete { Id = _last.Assign.Id, Outcome = Succeeded });
    }

    private static readonly byte[] Payload = [0x2A];
    private static readonly TaskOutcome Succeeded = new() { Status = OutcomeStatus.Succeeded, Payload = Payload };

    private sealed class DiscardingSender : IMessageSender
    {
        public string Remote => "bench";

        public bool Send(Message message) => true;
    }

    private sealed class WorkerSender(SchedulerBenchmarks owner) : IMessageSender
    {
        public WorkerTracker? Tracker { get; set; }

        public string Remote => "bench-worker";

        public bool Send(Message message)
        {
            if (message is Assign assign)
            {
                owner._last = (Tracker!, assign);
            }

            return true;
        }
    }
}
