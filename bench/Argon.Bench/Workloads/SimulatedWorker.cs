using System.Globalization;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;
using Argon.Samples;
using MessagePack;

namespace Argon.Bench.Workloads;

/// <summary>
/// A worker without a process: one authenticated connection that registers capacity 1 and answers every Assign
/// of Echo(i) at once with Complete(i). What the manager sees is a real worker; only the task is not run.
/// </summary>
internal sealed class SimulatedWorker : IAsyncDisposable
{
    private readonly SecureChannel _channel;
    private readonly FrameConnection _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _name;
    private readonly Task<ConnectionEnd> _run;
    private int _completed;

    private SimulatedWorker(SecureChannel channel, string name)
    {
        _channel = channel;
        _name = name;
        _frames = new FrameConnection(channel.Pipe, Math.Max(channel.Welcome.MaxFrameSize, ProtocolConstants.DefaultMaxFrameSize), channel.Remote);

        // No keep-alive loop of its own (1,000 of them would load the benchmark's process, not the manager's):
        // it stays alive by answering the manager's probes below, as every peer does.
        _frames.Send(new Register
        {
            NodeId = name,
            Capacity = 1,
            Version = ProtocolConstants.Version.ToString(CultureInfo.InvariantCulture),
        });
        _run = _frames.RunAsync(HandleAsync, _stop.Token);
    }

    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Set when the connection ended before <see cref="DisposeAsync"/>: why.</summary>
    public string? Lost => _run.IsCompleted && !_stop.IsCancellationRequested ? _run.Result.Reason : null;

    public static async Task<SimulatedWorker> ConnectAsync(int port, SharedKey key, string name, CancellationToken cancellationToken)
    {
        var channel = await SecureConnector.ConnectAsync("127.0.0.1", port, key, PeerRole.Worker, name, cancellationToken);
        return new SimulatedWorker(channel, name);
    }

    public async ValueTask DisposeAsync()
    {
        _frames.Send(new Goodbye { Reason = "benchmark over" });
        _frames.CompleteSending();
        await _stop.CancelAsync();
        await _run;
        await _channel.DisposeAsync();
        _stop.Dispose();
    }

    private ValueTask HandleAsync(Message message)
    {
        switch (message)
        {
            case Assign assign:
                var echo = MessagePackSerializer.Deserialize<Echo>(assign.Payload, TaskSerializer.Options);
                _frames.Send(new Complete
                {
                    Id = assign.Id,
                    Outcome = new TaskOutcome
                    {
                        Status = OutcomeStatus.Succeeded,
                        Payload = MessagePackSerializer.Serialize(echo.Value, TaskSerializer.Options),
                        ResultType = typeof(int).FullName,
                        Node = _name,
                    },
                });
                Interlocked.Increment(ref _completed);
                break;
            case Heartbeat { IsReply: false } heartbeat:
                _frames.Send(new Heartbeat { Timestamp = heartbeat.Timestamp, IsReply = true });
                break;
            default:
                break; // Cancel (nothing runs long enough to cancel), Drain, Goodbye, replies
        }

        return ValueTask.CompletedTask;
    }
}
