using Argon.Manager.Connections;
using Argon.Manager.Scheduling;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using BenchmarkDotNet.Attributes;

namespace Argon.Benchmarks;

/// <summary>Enqueue and dequeue of the manager's priority queue with 1,000 waiting, against a plain Queue&lt;T&gt;.</summary>
[MemoryDiagnoser]
public class QueueBenchmarks
{
    private readonly Queue<TaskEntry> _raw = new();
    private PriorityTaskQueue _queue = null!;
    private TaskEntry[] _entries = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var client = new ClientSession(new NullSender(), "bench");
        _entries = Enumerable.Range(0, 1024)
            .Select(i => new TaskEntry(i, client, new Submit { Id = i, Priority = (TaskPriority)(i % 3) }, 0))
            .ToArray();
        _queue = new PriorityTaskQueue(TimeSpan.FromSeconds(5));
        foreach (var entry in _entries.Take(1000))
        {
            _queue.Enqueue(entry, 0);
            _raw.Enqueue(entry);
        }
    }

    [Benchmark(Baseline = true, Description = "raw: Queue<T> enqueue + dequeue")]
    public long Raw()
    {
        _raw.Enqueue(_entries[_next++ & 1023]);
        return _raw.Dequeue().Id;
    }

    [Benchmark(Description = "priority queue enqueue + dequeue (aging)")]
    public long EnqueueDequeue()
    {
        _queue.Enqueue(_entries[_next++ & 1023], 0);
        _queue.TryDequeue(0, out var entry);
        return entry.Id;
    }

    private sealed class NullSender : IMessageSender
    {
        public string Remote => "bench";

        public bool Send(Message message) => true;
    }
}
