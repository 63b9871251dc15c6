using System.Security.Cryptography;
using Argon.Protocol.Messages;
using Argon.Worker.Execution;
using Argon.Worker.Shipping;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Argon.Worker.Tests;

/// <summary>The one task path of a worker (issue 17, finding 5): whatever goes wrong on it, the task gets one Failed outcome and nothing else is hurt.</summary>
public sealed class TaskExecutionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("argon-worker-test-").FullName;

    [Fact]
    public async Task RunAsync_WhenTheRunnerThrows_AnswersFailedForThatTask()
    {
        var execution = Execution(new Runner(_ => throw new InvalidOperationException("a bug in the pool")), allowEval: false);

        var outcome = await execution.RunAsync(Request(1), Fetcher(new CodeCache(Cache(), 1 << 20, NullLogger.Instance)), default, default);

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Contains("a bug in the pool", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenTheCodeCacheCannotWrite_FailsOnlyTheTaskThatNeededTheCode()
    {
        var ran = new List<long>();
        var execution = Execution(new Runner(r =>
        {
            ran.Add(r.Id);
            return new TaskOutcome { Status = OutcomeStatus.Succeeded };
        }), allowEval: true);
        var cacheDirectory = Cache();
        var cache = new CodeCache(cacheDirectory, 1 << 20, NullLogger.Instance);
        Directory.Delete(cacheDirectory); // every write now fails with an IOException
        var bytes = RandomNumberGenerator.GetBytes(64);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        CodeFetcher fetcher = null!;
        fetcher = new CodeFetcher(cache, message =>
        {
            // The client answers at once; Deliver runs as the read loop would run it, and must not throw.
            if (message is NeedCode need)
            {
                fetcher.Deliver(new Code { Id = need.Id, Hash = hash, Bytes = bytes });
            }
        });
        var shipped = Request(1) with
        {
            Kind = TaskKind.Delegate,
            Code = new CodeReference { Assemblies = [new CodeAssembly { Name = "Shipped", Hash = hash, Size = bytes.Length }] },
        };

        var failed = await execution.RunAsync(shipped, fetcher, default, default);
        var other = await execution.RunAsync(Request(2), fetcher, default, default);

        Assert.Equal(OutcomeStatus.Failed, failed.Status);
        Assert.Contains("could not store", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(OutcomeStatus.Succeeded, other.Status);
        Assert.Equal([2L], ran);
    }

    [Fact]
    public async Task Deliver_WhenTheCodeCacheCannotWrite_DoesNotThrowOnTheReadLoop()
    {
        var cacheDirectory = Cache();
        var cache = new CodeCache(cacheDirectory, 1 << 20, NullLogger.Instance);
        Directory.Delete(cacheDirectory);
        var bytes = RandomNumberGenerator.GetBytes(64);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var fetcher = new CodeFetcher(cache, _ => { });
        var pending = fetcher.EnsureAsync(7, new CodeReference { Assemblies = [new CodeAssembly { Name = "Shipped", Hash = hash }] }, TimeSpan.FromSeconds(30), default);

        var delivered = Record.Exception(() => fetcher.Deliver(new Code { Id = 7, Hash = hash, Bytes = bytes }));

        Assert.Null(delivered);
        Assert.Contains("could not store", await pending.WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Cache() => Directory.CreateDirectory(Path.Combine(_directory, Guid.NewGuid().ToString("N"))).FullName;

    private static TaskRequest Request(long id) => new("Tests.Task", TaskKind.Instance, new byte[] { 1 }, null) { Id = id };

    private static CodeFetcher Fetcher(CodeCache cache) => new(cache, _ => { });

    private static TaskExecution Execution(ITaskRunner runner, bool allowEval)
    {
        var options = Options.Create(new WorkerOptions { Node = "test-worker", AllowEval = allowEval });
        var cache = new CodeCache(Path.Combine(Path.GetTempPath(), "argon-unused-cache-" + Guid.NewGuid().ToString("N")), 1 << 20, NullLogger.Instance);
        return new TaskExecution(runner, new ShippedCodeGate(options, cache), options, NullLogger<TaskExecution>.Instance);
    }

    private sealed class Runner(Func<TaskRequest, TaskOutcome> run) : ITaskRunner
    {
        public int Capacity => 1;

        public Task<TaskOutcome> RunAsync(TaskRequest request, CancellationToken revoked, CancellationToken cancellationToken) => Task.FromResult(run(request));
    }
}
