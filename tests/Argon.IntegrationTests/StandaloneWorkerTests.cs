using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>A stand-alone worker (--host/--port, no manager) serves clients directly with the same API and outcomes (docs/operations.md).</summary>
public sealed class StandaloneWorkerTests : IClassFixture<StandaloneWorkerTests.Fixture>
{
    private readonly StandaloneWorker _worker;

    public StandaloneWorkerTests(Fixture fixture) => _worker = fixture.Worker;

    [Fact]
    public async Task StandaloneWorker_ServesResultsTaskErrorsAndStatus_WithoutAManager()
    {
        await using var client = await ArgonClient.ConnectAsync(_worker.ClientOptions()).WaitAsync(Limits.Call);

        Assert.Equal(11, await client.QueueAsync(new Add(4, 7)).WaitAsync(Limits.Call));
        var message = $"direct {Guid.NewGuid():N}";
        var error = await Assert.ThrowsAsync<ArgonTaskException>(() => client.QueueAsync(new Fail(message)).WaitAsync(Limits.Call));
        Assert.Equal("System.InvalidOperationException", error.RemoteType);
        Assert.Equal(message, error.RemoteMessage);

        var status = await client.GetStatusAsync().WaitAsync(Limits.Call);
        Assert.Equal(Fixture.Capacity, status.Capacity);
        Assert.Equal(Fixture.Capacity, Assert.Single(status.Workers).Capacity);
        Assert.True(status.Submitted >= 2, $"the status counts {status.Submitted} submitted tasks");
        var executors = await Eventually.ExecutorsAsync(_worker.Process, e => e.Count == Fixture.Capacity, "the worker runs its executors");
        Assert.Contains(await client.QueueAsync(new WhichProcess(1)).WaitAsync(Limits.Call), executors);
    }

    [Fact]
    public async Task StandaloneWorker_ClientWithWrongKey_GetsArgonAuthenticationException()
    {
        using var temp = new TempDirectory();
        var options = _worker.ClientOptions();
        options.KeyFile = temp.WriteRandomKey();

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<ArgonAuthenticationException>(async () =>
        {
            await using var client = await ArgonClient.ConnectAsync(options).WaitAsync(Limits.Call);
        });

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the refusal took {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.Contains("key", error.Message, StringComparison.OrdinalIgnoreCase);
        await using var good = await ArgonClient.ConnectAsync(_worker.ClientOptions()).WaitAsync(Limits.Call);
        Assert.Equal(3, await good.QueueAsync(new Add(1, 2)).WaitAsync(Limits.Call));
    }

    /// <summary>A stand-alone worker of capacity 2 with the samples and the test tasks, started once for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public const int Capacity = 2;

        private StandaloneWorker? _worker;

        internal StandaloneWorker Worker => _worker ?? throw new InvalidOperationException("The worker has not started.");

        public async Task InitializeAsync() =>
            _worker = await StandaloneWorker.StartAsync("stand-alone worker", Capacity, ["--load", TaskLibrary.AssemblyPath, "--load", TaskLibrary.TestTasksPath]);

        public async Task DisposeAsync()
        {
            if (_worker is not null)
            {
                await _worker.DisposeAsync();
            }
        }
    }
}
