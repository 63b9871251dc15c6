using System.Diagnostics;
using System.Threading.Channels;
using Argon.Protocol;
using Argon.Worker.Execution;

namespace Argon.Worker.Tests.Fakes;

/// <summary>Starts a <see cref="FakeExecutor"/> where the worker would start `argon executor`: same socket, same token.</summary>
internal sealed class FakeExecutorStarter : IExecutorStarter
{
    private readonly Channel<FakeExecutor> _started = Channel.CreateUnbounded<FakeExecutor>();
    private int _count;

    /// <summary>Set up each executor before it connects (its body, whether it answers probes).</summary>
    public Action<FakeExecutor>? Configure { get; set; }

    /// <summary>The executors, in the order they were started.</summary>
    public ChannelReader<FakeExecutor> Started => _started.Reader;

    public int Count => Volatile.Read(ref _count);

    public IExecutorChild Start(ProcessStartInfo info, Action<string?, bool> onOutput)
    {
        var arguments = info.ArgumentList;
        var socketPath = arguments[arguments.IndexOf("--socket") + 1];
        var name = arguments[arguments.IndexOf("--node") + 1];
        var token = info.Environment[ProtocolConstants.ExecutorTokenVariable]!;
        var executor = new FakeExecutor(name);
        Configure?.Invoke(executor);
        Interlocked.Increment(ref _count);
        _started.Writer.TryWrite(executor);
        _ = executor.ServeAsync(socketPath, token);
        return executor;
    }

    /// <summary>The next executor started, within a wide bound.</summary>
    public async Task<FakeExecutor> NextAsync() =>
        await _started.Reader.ReadAsync().AsTask().WaitAsync(TestTime.Bound).ConfigureAwait(false);
}
