using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;
using Xunit.Abstractions;

namespace Argon.IntegrationTests;

/// <summary>
/// ProcessAsync ships delegates with their closures to a worker started with --allow-eval; a worker without it refuses
/// (docs/operations.md, "Code shipping"). The shared cluster: one manager, one worker of capacity 2 with --allow-eval,
/// loading only Argon.Samples.
/// </summary>
public sealed class CodeShippingTests : IClassFixture<CodeShippingTests.EvalCluster>
{
    private readonly EvalCluster _cluster;
    private readonly ITestOutputHelper _output;

    public CodeShippingTests(EvalCluster cluster, ITestOutputHelper output)
    {
        _cluster = cluster;
        _output = output;
    }

    private ArgonClient Client => _cluster.Cluster.Client;

    [Fact]
    public async Task ProcessAsync_LambdaWithCaptures_ReturnsTheRightResult()
    {
        var offset = 100;
        var label = "sum";
        int[] weights = [1, 2, 3];
        var point = new Point(3, 4);
        var names = new List<string> { "a", "bb", "ccc" };
        var table = new Dictionary<string, int> { ["x"] = 10, ["y"] = 20 };
        var plain = new PlainBox { Width = 5, Tags = ["t1", "t2"] };

        var result = await Client.ProcessAsync((int x, int y) =>
            $"{label}={x + y + offset + weights.Sum() + point.X * point.Y + names.Sum(n => n.Length) + table["y"] + plain.Width + plain.Tags.Count}", 4, 7)
            .WaitAsync(Limits.Call);

        Assert.Equal($"sum={4 + 7 + 100 + 6 + 12 + 6 + 20 + 5 + 2}", result);
        Assert.Equal(42, await Client.ProcessAsync(() => 42).WaitAsync(Limits.Call));
        Assert.Equal(new Point(8, 10), await Client.ProcessAsync((Point p, int k) => new Point(p.X * k, p.Y * k), new Point(4, 5), 2).WaitAsync(Limits.Call));
        Assert.Equal(36, await Client.ProcessAsync(
            (int a, int b, int c, int d, int e, int f, int g, int h) => a + b + c + d + e + f + g + h, 1, 2, 3, 4, 5, 6, 7, 8).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task ProcessAsync_AsyncLambdas_AwaitTaskAndValueTaskResults()
    {
        var factor = 3;
        Assert.Equal(21, await Client.ProcessAsync(async (int x) =>
        {
            await Task.Delay(1);
            return x * factor;
        }, 7).WaitAsync(Limits.Call));

        Func<int, ValueTask<int>> valueTask = x => ValueTask.FromResult(x + factor);
        Assert.Equal(10, await Client.ProcessAsync(valueTask, 7).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task ProcessAsync_LambdaThrows_GivesArgonTaskExceptionWithRemoteDetails()
    {
        var message = $"shipped {Guid.NewGuid():N}";
        Func<int> fail = () => throw new InvalidOperationException(message);
        var error = await Assert.ThrowsAsync<ArgonTaskException>(() => Client.ProcessAsync(fail).WaitAsync(Limits.Call));

        Assert.Equal("System.InvalidOperationException", error.RemoteType);
        Assert.Equal(message, error.RemoteMessage);
        Assert.Contains("executor", error.Node, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_ThousandCallsOfOneLambda_ShipItsAssemblyOnce()
    {
        var worker = _cluster.Worker;
        var salt = Random.Shared.Next(1, 1000);
        Assert.Equal(salt + 1, await Client.ProcessAsync((int i) => i + salt, 1).WaitAsync(Limits.Call));

        var results = new List<int>();
        for (var batch = 0; batch < 1000 / 50; batch++)
        {
            results.AddRange(await Task.WhenAll(Enumerable.Range(batch * 50, 50).Select(i => Client.ProcessAsync((int i) => i + salt, i)))
                .WaitAsync(Limits.Call));
        }

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i + salt), results);
        var shipped = worker.Lines.Count(l => l.Contains("Stored shipped assembly Argon.IntegrationTests ", StringComparison.Ordinal));
        Assert.Equal(1, shipped);
    }

    [Fact]
    public async Task ProcessAsync_RebuiltAssembly_IsPickedUp()
    {
        using var temp = new TempDirectory();
        var first = EmittedCode.Build(temp.Path, version: 1);
        var second = EmittedCode.Build(temp.Path, version: 2);

        Assert.Equal(5001, await Client.ProcessAsync(first, 5).WaitAsync(Limits.Call));
        Assert.Equal(5002, await Client.ProcessAsync(second, 5).WaitAsync(Limits.Call));
        Assert.Equal(6001, await Client.ProcessAsync(first, 6).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task ProcessAsync_ClosureCapturingAStream_FailsAtTheClientNamingTheField()
    {
        var before = (await Client.GetStatusAsync().WaitAsync(Limits.Call)).Submitted;
        using var stream = new MemoryStream([1, 2, 3]);

        var error = await Assert.ThrowsAsync<ArgonClosureException>(() => Client.ProcessAsync(() => stream.Length));

        Assert.Equal("stream", error.CapturedField);
        Assert.Equal(typeof(MemoryStream).FullName, error.CapturedType);
        Assert.Contains("'stream'", error.Message, StringComparison.Ordinal);
        Assert.Contains("System.IO.MemoryStream", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await Client.GetStatusAsync().WaitAsync(Limits.Call)).Submitted);
    }

    [Fact]
    public async Task ProcessAsync_ClosureCapturingThisWithPrivateState_FailsNamingThis()
    {
        var holder = new StatefulHolder(3);

        var error = await Assert.ThrowsAsync<ArgonClosureException>(() => Client.ProcessAsync(holder.TimesSecret, 2));

        Assert.Equal("this", error.CapturedField);
        Assert.Contains("_secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueueAsync_TaskClassTheWorkerWasNeverGiven_RunsWhenTheClientShipsTaskCode()
    {
        var options = _cluster.Cluster.Cluster.ClientOptions();
        options.ShipTaskCode = true;
        await using var client = await ArgonClient.ConnectAsync(options).WaitAsync(Limits.Call);

        var pid = await client.QueueAsync(new WhichProcess(1)).WaitAsync(Limits.Call);

        Assert.Contains(pid, ExecutorProcesses.Of(_cluster.Worker));
        var unknown = await Assert.ThrowsAsync<ArgonUnknownTaskTypeException>(() => Client.QueueAsync(new WhichProcess(2)).WaitAsync(Limits.Call));
        Assert.Contains("Unknown task type", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_WhenNoWorkerAllowsEval_IsRefusedWithAClearError()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 1);

        var error = await Assert.ThrowsAsync<ArgonException>(() => cluster.Client.ProcessAsync((int x) => x + 1, 1).WaitAsync(Limits.Call));

        // The manager knows no registered worker accepts shipped code, so it says so without sending it anywhere.
        Assert.Contains("no worker of this cluster accepts shipped code", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-eval", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Cluster.Workers[0].Lines, l => l.Contains("Stored shipped assembly", StringComparison.Ordinal));
        Assert.Equal(11, await cluster.Client.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task ProcessAsync_InAMixedCluster_RunsOnlyOnTheWorkerThatAllowsEval()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 2);
        var eval = await cluster.StartWorkerAsync(
            [.. cluster.WorkerArguments(capacity: 1, [TaskLibrary.AssemblyPath]), "--allow-eval"], new Dictionary<string, string>());
        var offset = 100;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => cluster.Client.ProcessAsync((int x) => x + offset, i)))
            .WaitAsync(Limits.Call);

        // A call sent to the plain worker would have failed with its refusal, and WhenAll with it.
        Assert.Equal(Enumerable.Range(100, 20), results);
        Assert.Contains(eval.Lines, l => l.Contains("Stored shipped assembly", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_OnAStandaloneWorkerWithoutAllowEval_IsRefusedByTheWorker()
    {
        await using var worker = await StandaloneWorker.StartAsync("stand-alone worker", 1, ["--load", TaskLibrary.AssemblyPath]);
        await using var client = await ArgonClient.ConnectAsync(worker.ClientOptions()).WaitAsync(Limits.Call);

        var error = await Assert.ThrowsAsync<ArgonException>(() => client.ProcessAsync((int x) => x + 1, 1).WaitAsync(Limits.Call));

        Assert.Contains("does not allow shipped code", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-eval", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(worker.Process.Lines, l => l.Contains("Stored shipped assembly", StringComparison.Ordinal));
        Assert.Equal(11, await client.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Call));
    }

    [Fact]
    public async Task ProcessAsync_OnAStandaloneWorkerWithAllowEval_ShipsDirectly()
    {
        await using var worker = await StandaloneWorker.StartAsync("stand-alone eval worker", 1, ["--allow-eval"]);
        await using var client = await ArgonClient.ConnectAsync(worker.ClientOptions()).WaitAsync(Limits.Call);
        var words = new[] { "alpha", "beta" };

        Assert.Equal("alpha beta!", await client.ProcessAsync((string end) => string.Join(' ', words) + end, "!").WaitAsync(Limits.Call));
        Assert.Equal("alpha beta?", await client.ProcessAsync((string end) => string.Join(' ', words) + end, "?").WaitAsync(Limits.Call));

        Assert.Equal(1, worker.Process.Lines.Count(l => l.Contains("Stored shipped assembly Argon.IntegrationTests ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ProcessAsync_TenThousandCallsCyclingEightBuilds_KeepExecutorMemoryBounded()
    {
        using var temp = new TempDirectory();
        var builds = Enumerable.Range(1, 8).Select(v => EmittedCode.Build(temp.Path, 100 + v)).ToArray();
        var executors = ExecutorProcesses.Of(_cluster.Worker);
        Assert.Equal(EvalCluster.Capacity, executors.Count);

        const int Calls = 10_000;
        const int Batch = 40;
        long? warm = null;
        long peak = 0;
        for (var start = 0; start < Calls; start += Batch)
        {
            var results = await Task.WhenAll(Enumerable.Range(start, Batch).Select(i => Client.ProcessAsync(builds[i % builds.Length], i)))
                .WaitAsync(Limits.Call);
            for (var k = 0; k < Batch; k++)
            {
                Assert.Equal((start + k) * 1000 + 100 + (start + k) % builds.Length + 1, results[k]);
            }

            if ((start + Batch) % 1000 == 0)
            {
                var resident = executors.Sum(pid => ResidentMemory.Of(pid) ?? 0);
                _output.WriteLine($"after {start + Batch} calls: executors' RSS {resident / (1024 * 1024)} MB");
                if (start + Batch == 2000)
                {
                    warm = resident;
                }
                else if (warm is not null)
                {
                    peak = Math.Max(peak, resident);
                }
            }
        }

        Assert.Equal(executors, ExecutorProcesses.Of(_cluster.Worker));
        const long Bound = 64L * 1024 * 1024;
        Assert.True(peak - warm!.Value < Bound,
            $"the executors grew from {warm / (1024 * 1024)} MB after warm-up to {peak / (1024 * 1024)} MB over {Calls} calls cycling {builds.Length} builds");
    }

    [Fact]
    public async Task ProcessAsync_Latency_ColdAndWarm_AgainstATaskClass()
    {
        using var temp = new TempDirectory();
        var fresh = EmittedCode.Build(temp.Path, version: 999);
        var watch = Stopwatch.StartNew();
        Assert.Equal(999, await Client.ProcessAsync(fresh, 0).WaitAsync(Limits.Call));
        var cold = watch.Elapsed;

        Func<Task<int>>[] calls = [() => Client.ProcessAsync(fresh, 1), () => Client.ProcessAsync((int x) => x + 1, 1), () => Client.QueueAsync(new Add(1, 2))];
        foreach (var call in calls)
        {
            await MedianAsync(call); // warm-up: every executor has loaded the code and the JIT has tiered up
        }

        var warm = await MedianAsync(calls[0]);
        var warmLambda = await MedianAsync(calls[1]);
        var taskClass = await MedianAsync(calls[2]);
        _output.WriteLine($"ProcessAsync cold (new assembly: NeedCode, Code, load): {cold.TotalMilliseconds:0.0} ms");
        _output.WriteLine($"ProcessAsync warm (emitted static method): median {warm.TotalMilliseconds:0.00} ms");
        _output.WriteLine($"ProcessAsync warm (lambda): median {warmLambda.TotalMilliseconds:0.00} ms");
        _output.WriteLine($"QueueAsync task class (Add): median {taskClass.TotalMilliseconds:0.00} ms");
        Assert.True(warm < cold, $"a warm call ({warm.TotalMilliseconds:0.00} ms) is not faster than the cold one ({cold.TotalMilliseconds:0.00} ms)");
    }

    private static async Task<TimeSpan> MedianAsync(Func<Task<int>> call)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            await call().WaitAsync(Limits.Call);
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    public sealed record Point(int X, int Y);

    public sealed class PlainBox
    {
        public int Width { get; set; }

        public List<string> Tags { get; set; } = [];
    }

    /// <summary>Holds private state, so `this` cannot travel by value.</summary>
    public sealed class StatefulHolder(int secret)
    {
        private readonly int _secret = secret;

        public int TimesSecret(int x) => x * _secret;
    }

    /// <summary>A manager and one worker of capacity 2 started with --allow-eval, loading only Argon.Samples.</summary>
    public sealed class EvalCluster : IAsyncLifetime
    {
        public const int Capacity = 2;

        private TestCluster? _cluster;

        internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

        internal Cli.Processes.ArgonProcess Worker => Cluster.Cluster.Workers[0];

        public async Task InitializeAsync() =>
            _cluster = await TestCluster.StartAsync(workers: 1, Capacity, workerArguments: ["--allow-eval"]);

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }
}
