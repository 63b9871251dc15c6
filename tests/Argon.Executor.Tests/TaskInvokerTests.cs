using Argon.Protocol.Messages;
using Argon.Samples;
using MessagePack;

namespace Argon.Executor.Tests;

public sealed class TaskInvokerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TaskInvoker _invoker;

    public TaskInvokerTests()
    {
        var catalog = new TaskCatalog();
        catalog.AddAssembly(typeof(Add).Assembly);
        _invoker = new TaskInvoker(catalog, "node-7");
    }

    [Fact]
    public async Task InvokeAsync_WhenInstanceOfAdd_Succeeds()
    {
        var outcome = await InvokeAsync("Argon.Samples.Add", TaskKind.Instance, TaskSerializer.Serialize(typeof(Add), new Add(4, 7)));

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal("System.Int32", outcome.ResultType);
        Assert.Equal("node-7", outcome.Node);
        Assert.Equal(11, TaskSerializer.Deserialize(typeof(int), outcome.Payload));
        Assert.Null(outcome.ErrorMessage);
    }

    [Fact]
    public async Task InvokeAsync_WhenResultIsACollection_SerializesItAsTheResultType()
    {
        var outcome = await InvokeAsync("Argon.Samples.WordCount", TaskKind.Instance, TaskSerializer.Serialize(typeof(WordCount), new WordCount("a bb cc ddd")));

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        var counts = Assert.IsType<Dictionary<int, int>>(TaskSerializer.Deserialize(typeof(Dictionary<int, int>), outcome.Payload));
        Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 2, [3] = 1 }, counts);
    }

    [Fact]
    public async Task InvokeAsync_WhenByNameWithIntArgs_Succeeds()
    {
        var outcome = await InvokeAsync("Argon.Samples.Add", TaskKind.ByName, Arguments(4, 7));

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(11, TaskSerializer.Deserialize(typeof(int), outcome.Payload));
    }

    [Theory]
    [InlineData(4L, 7L, 11)]
    [InlineData(100_000L, 200_000L, 300_000)]
    [InlineData(-40_000L, 1L, -39_999)]
    [InlineData(int.MaxValue - 1L, 1L, int.MaxValue)]
    [InlineData(int.MinValue + 0L, 0L, int.MinValue)]
    public async Task InvokeAsync_WhenByNameWithLongArgs_NarrowsToIntParameters(long x, long y, int expected)
    {
        var outcome = await InvokeAsync("Argon.Samples.Add", TaskKind.ByName, Arguments(x, y));

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(expected, TaskSerializer.Deserialize(typeof(int), outcome.Payload));
    }

    [Fact]
    public async Task InvokeAsync_WhenByNameWithSmallerIntegerTypes_WidensToIntParameters()
    {
        var outcome = await InvokeAsync("Argon.Samples.Add", TaskKind.ByName, Arguments((byte)200, (short)-300));

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(-100, TaskSerializer.Deserialize(typeof(int), outcome.Payload));
    }

    [Fact]
    public async Task InvokeAsync_WhenByNameArgOverflowsTheParameter_Fails()
    {
        var outcome = await InvokeAsync("Argon.Samples.Add", TaskKind.ByName, Arguments(5_000_000_000L, 1));

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Contains("Argon.Samples.Add", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("constructor", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenByNameWithWrongArgCount_FailsNamingTheType()
    {
        var outcome = await InvokeAsync("Argon.Samples.Add", TaskKind.ByName, Arguments(1, 2, 3));

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Contains("Argon.Samples.Add", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("3 argument(s)", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenTaskThrows_IsFaultedWithTheRemoteError()
    {
        var outcome = await InvokeAsync("Argon.Samples.Fail", TaskKind.Instance, TaskSerializer.Serialize(typeof(Fail), new Fail("boom")));

        Assert.Equal(OutcomeStatus.Faulted, outcome.Status);
        Assert.Equal("System.InvalidOperationException", outcome.ErrorType);
        Assert.Equal("boom", outcome.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(outcome.ErrorStackTrace));
        Assert.Contains("Argon.Samples.Fail.Run", outcome.ErrorStackTrace, StringComparison.Ordinal);
        Assert.Equal("node-7", outcome.Node);
    }

    [Fact]
    public async Task InvokeAsync_WhenByNameTaskThrows_IsFaultedWithTheRemoteError()
    {
        var outcome = await InvokeAsync("Argon.Samples.Fail", TaskKind.ByName, Arguments("by name"));

        Assert.Equal(OutcomeStatus.Faulted, outcome.Status);
        Assert.Equal("System.InvalidOperationException", outcome.ErrorType);
        Assert.Equal("by name", outcome.ErrorMessage);
    }

    [Theory]
    [InlineData("No.Such.Task")]
    [InlineData("System.IO.File")]
    [InlineData("System.Diagnostics.Process")]
    [InlineData("System.Int32")]
    public async Task InvokeAsync_WhenTypeIsNotALoadedTask_IsUnknownTypeMentioningLoad(string typeName)
    {
        var outcome = await InvokeAsync(typeName, TaskKind.ByName, Arguments());

        Assert.Equal(OutcomeStatus.UnknownType, outcome.Status);
        Assert.Contains($"'{typeName}'", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("--load", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("node-7", outcome.Node);
    }

    [Fact]
    public async Task InvokeAsync_WhenAsyncTaskIsCancelled_IsCancelled()
    {
        using var cancellation = new CancellationTokenSource();

        var running = _invoker.InvokeAsync("Argon.Samples.Sleep", TaskKind.Instance,
            TaskSerializer.Serialize(typeof(Sleep), new Sleep(600_000)), cancellation.Token);
        Assert.False(running.IsCompleted);
        await cancellation.CancelAsync();
        var outcome = await running.WaitAsync(Timeout);

        Assert.Equal(OutcomeStatus.Cancelled, outcome.Status);
        Assert.Contains("Argon.Samples.Sleep", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("node-7", outcome.Node);
    }

    [Fact]
    public async Task InvokeAsync_WhenAsyncTaskCompletes_Succeeds()
    {
        var outcome = await InvokeAsync("Argon.Samples.Sleep", TaskKind.ByName, Arguments(0));

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(0, TaskSerializer.Deserialize(typeof(int), outcome.Payload));
    }

    public static TheoryData<TaskKind, byte[]> BadPayloads() => new()
    {
        { TaskKind.Instance, [] },
        { TaskKind.Instance, [0xC1] },
        { TaskKind.Instance, [0xC0] },
        { TaskKind.Instance, [0xA3, (byte)'a', (byte)'b', (byte)'c'] },
        { TaskKind.ByName, [] },
        { TaskKind.ByName, [0xC1] },
        { TaskKind.ByName, [0x92, 0x01] },
        { TaskKind.ByName, [0xA3, (byte)'a', (byte)'b', (byte)'c'] },
        { (TaskKind)99, [0x90] },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public async Task InvokeAsync_WhenPayloadIsBad_FailsNamingTheType(TaskKind kind, byte[] payload)
    {
        var outcome = await InvokeAsync("Argon.Samples.Add", kind, payload);

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Contains("Argon.Samples.Add", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("node-7", outcome.Node);
    }

    private static byte[] Arguments(params object?[] args) => MessagePackSerializer.Serialize(args, MessageCodec.Options);

    private Task<TaskOutcome> InvokeAsync(string typeName, TaskKind kind, byte[] payload) =>
        _invoker.InvokeAsync(typeName, kind, payload, CancellationToken.None).WaitAsync(Timeout);
}
