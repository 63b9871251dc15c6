using System.Diagnostics;
using Argon.Cli.Commands;
using Argon.Cli.Processes;
using Argon.IntegrationTests.Infrastructure;
using Argon.Samples;
using Argon.TestTasks;

namespace Argon.IntegrationTests;

/// <summary>A stand-alone worker (--host/--port, no manager) serves clients directly with the same API and outcomes (docs/operations.md).</summary>
public sealed class StandaloneWorkerTests : IClassFixture<StandaloneWorkerTests.StandaloneWorker>
{
    private readonly StandaloneWorker _worker;

    public StandaloneWorkerTests(StandaloneWorker worker) => _worker = worker;

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
        Assert.Equal(StandaloneWorker.Capacity, status.Capacity);
        Assert.Equal(StandaloneWorker.Capacity, Assert.Single(status.Workers).Capacity);
        Assert.True(status.Submitted >= 2, $"the status counts {status.Submitted} submitted tasks");
        var executors = await Eventually.ExecutorsAsync(_worker.Process, e => e.Count == StandaloneWorker.Capacity, "the worker runs its executors");
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

    /// <summary>`argon worker --host 127.0.0.1 --port 0 --capacity 2` with a fresh key and no manager, started once for the class.</summary>
    public sealed class StandaloneWorker : IAsyncLifetime
    {
        public const int Capacity = 2;

        private readonly TempDirectory _temp = new();
        private ArgonProcess? _process;

        internal ArgonProcess Process => _process ?? throw new InvalidOperationException("The worker has not started.");

        public string KeyFile => Path.Combine(_temp.Path, "key");

        public int Port { get; private set; }

        public ArgonClientOptions ClientOptions() => new() { Host = "127.0.0.1", Port = Port, KeyFile = KeyFile };

        public async Task InitializeAsync()
        {
            KeygenCommand.Write(KeyFile, overwrite: false);
            _process = ArgonProcess.Start("stand-alone worker",
            [
                "worker", "--host", "127.0.0.1", "--port", "0", "--key", KeyFile, "--capacity", $"{Capacity}",
                "--load", TaskLibrary.AssemblyPath, "--load", TaskLibrary.TestTasksPath,
            ]);
            Port = await _process.WaitForListeningPortAsync("worker", Limits.Startup);
        }

        public async Task DisposeAsync()
        {
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            _temp.Dispose();
        }
    }
}
