using System.Net.Sockets;
using System.Threading.Channels;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using Argon.Worker.Execution;

namespace Argon.Worker.Tests.Fakes;

/// <summary>
/// An executor played in-process: it connects to the worker's real executor socket with the token it was started
/// with and speaks the executor's side of the protocol, as ExecutorHost does, except that the test decides how each
/// running task ends (<see cref="Complete"/>, <see cref="Crash"/>, or nothing at all). Like ExecutorHost, it holds
/// the tasks sent to it in order, the first one running; it gives back a queued task on Revoke and answers a Cancel
/// of a queued one itself, while a Cancel of the running one is only recorded (<see cref="CancelsOfRunning"/>).
/// </summary>
internal sealed class FakeExecutor : IExecutorChild
{
    private static int s_nextId = 900_000_000; // no real process has this id, so /proc knows nothing of it

    private readonly Lock _gate = new();
    private readonly List<Assign> _held = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closed = new();
    private readonly Channel<Assign> _started = Channel.CreateUnbounded<Assign>();
    private readonly Channel<long> _cancelsOfRunning = Channel.CreateUnbounded<long>();
    private readonly Channel<long> _revoked = Channel.CreateUnbounded<long>();
    private FrameConnection? _frames;
    private Socket? _socket;
    private int _exitCode;
    private int _assignsHeard;
    private int _mostHeld;

    public FakeExecutor(string name) => Name = name;

    public string Name { get; }

    public int Id { get; } = Interlocked.Increment(ref s_nextId);

    public bool HasExited => _exited.Task.IsCompleted;

    public int ExitCode => HasExited ? _exitCode : throw new InvalidOperationException("still running");

    /// <summary>Whether heartbeat probes are answered; an executor that stops answering is one the worker must replace.</summary>
    public bool AnswersProbes { get; set; } = true;

    /// <summary>Runs each task as it starts and answers with what it returns; null leaves the answer to the test.</summary>
    public Func<Assign, Task<TaskOutcome>>? Body { get; set; }

    /// <summary>Tasks as they start (come first in line), in order.</summary>
    public ChannelReader<Assign> Started => _started.Reader;

    /// <summary>Ids of running tasks the worker asked to cancel.</summary>
    public ChannelReader<long> CancelsOfRunning => _cancelsOfRunning.Reader;

    /// <summary>Ids of queued tasks given back on the worker's Revoke.</summary>
    public ChannelReader<long> Revoked => _revoked.Reader;

    public int AssignsHeard => Volatile.Read(ref _assignsHeard);

    /// <summary>The most tasks it ever held at once (running and queued).</summary>
    public int MostHeld => Volatile.Read(ref _mostHeld);

    public int Held
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    public Task Exited => _exited.Task;

    /// <summary>Connects and presents the token, then serves until the connection ends.</summary>
    public async Task ServeAsync(string socketPath, string token)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket = socket;
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), _closed.Token).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: true);
            await using var _ = stream.ConfigureAwait(false);
            var frames = new FrameConnection(DuplexPipe.Over(stream), ProtocolConstants.DefaultMaxFrameSize, "worker");
            _frames = frames;
            frames.Send(new ExecutorReady { Token = token, ProcessId = Id });
            await frames.RunAsync(OnMessage, _closed.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Crashed or killed.
        }
        finally
        {
            Exit(0);
        }
    }

    /// <summary>The running task ends with <paramref name="outcome"/>; the next one held starts.</summary>
    public void Complete(long id, TaskOutcome outcome)
    {
        Assign? next = null;
        lock (_gate)
        {
            var index = _held.FindIndex(a => a.Id == id);
            if (index < 0)
            {
                throw new InvalidOperationException($"{Name} holds no task {id}");
            }

            _held.RemoveAt(index);
            _frames!.Send(new Complete { Id = id, Outcome = outcome });
            if (index == 0 && _held.Count > 0)
            {
                next = _held[0];
            }
        }

        if (next is not null)
        {
            OnStarted(next);
        }
    }

    /// <summary>The process dies: its connection closes, with <paramref name="exitCode"/>.</summary>
    public void Crash(int exitCode = 1)
    {
        Exit(exitCode);
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed: already closed.
        }

        _socket?.Dispose();
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _exited.Task.WaitAsync(cancellationToken);

    public void Kill(bool entireProcessTree) => Crash(137);

    public void Dispose()
    {
        Crash(HasExited ? _exitCode : 137);
        _closed.Dispose();
    }

    public static TaskOutcome Succeeded(string node) => new() { Status = OutcomeStatus.Succeeded, Node = node };

    private void Exit(int exitCode)
    {
        lock (_gate)
        {
            if (!_exited.Task.IsCompleted)
            {
                _exitCode = exitCode;
            }
        }

        _exited.TrySetResult();
    }

    private ValueTask OnMessage(Message message)
    {
        switch (message)
        {
            case Assign assign:
                OnAssign(assign);
                break;
            case Cancel cancel:
                OnCancel(cancel.Id);
                break;
            case Revoke revoke:
                OnRevoke(revoke.Ids);
                break;
            case Heartbeat { IsReply: false } probe when AnswersProbes:
                _frames!.Send(probe.Reply());
                break;
            case Goodbye:
                Crash(0);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private void OnAssign(Assign assign)
    {
        bool first;
        lock (_gate)
        {
            Interlocked.Increment(ref _assignsHeard);
            _held.Add(assign);
            _mostHeld = Math.Max(_mostHeld, _held.Count);
            first = _held.Count == 1;
        }

        if (first)
        {
            OnStarted(assign);
        }
    }

    private void OnStarted(Assign assign)
    {
        _started.Writer.TryWrite(assign);
        if (Body is { } body)
        {
            _ = Task.Run(async () => Complete(assign.Id, await body(assign).ConfigureAwait(false)));
        }
    }

    private void OnCancel(long id)
    {
        lock (_gate)
        {
            var index = _held.FindIndex(a => a.Id == id);
            if (index == 0)
            {
                _cancelsOfRunning.Writer.TryWrite(id);
            }
            else if (index > 0)
            {
                _held.RemoveAt(index);
                _frames!.Send(new Complete { Id = id, Outcome = TaskOutcome.Failure(OutcomeStatus.Cancelled, "cancelled before it started", Name) });
            }
        }
    }

    private void OnRevoke(long[] ids)
    {
        lock (_gate)
        {
            foreach (var id in ids)
            {
                var index = _held.FindIndex(a => a.Id == id);
                if (index > 0)
                {
                    _held.RemoveAt(index);
                    _frames!.Send(new Complete { Id = id, Outcome = TaskOutcome.Failure(OutcomeStatus.Revoked, "given back before it started", Name) });
                    _revoked.Writer.TryWrite(id);
                }
            }
        }
    }
}
