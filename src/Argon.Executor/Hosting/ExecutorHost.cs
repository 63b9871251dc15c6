using System.Net.Sockets;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;

namespace Argon.Executor.Hosting;

/// <summary>
/// The executor process's main loop: connects to its worker's local socket, proves the token it was started
/// with, then runs one task at a time and answers each with its outcome. It holds no key file: the worker's
/// socket lives in a directory only the worker's user can open, and the token is single-use.
/// </summary>
public sealed class ExecutorHost(TaskInvoker invoker)
{
    private CancellationTokenSource? _current;

    /// <summary>Serves the worker until it says Goodbye or the socket closes. Returns the process exit code.</summary>
    public async Task<int> RunAsync(string socketPath, string token, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using var _ = stream.ConfigureAwait(false);
        using var retired = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var frames = new FrameConnection(DuplexPipe.Over(stream), ProtocolConstants.DefaultMaxFrameSize, "worker");
        frames.Send(new ExecutorReady { Token = token, ProcessId = Environment.ProcessId });
        var end = await frames.RunAsync(message =>
        {
            switch (message)
            {
                case Assign assign:
                    Start(frames, assign);
                    break;
                case Cancel:
                    _current?.Cancel();
                    break;
                case Heartbeat { IsReply: false } heartbeat:
                    frames.Send(heartbeat.Reply());
                    break;
                case Goodbye:
                    retired.Cancel();
                    break;
                default:
                    throw new ProtocolException($"an executor does not accept {message.Type}");
            }

            return ValueTask.CompletedTask;
        }, retired.Token).ConfigureAwait(false);
        return end.IsFault ? 1 : 0;
    }

    private void Start(FrameConnection frames, Assign assign)
    {
        if (_current is not null)
        {
            throw new ProtocolException("an executor runs one task at a time");
        }

        var cancellation = new CancellationTokenSource();
        _current = cancellation;
        _ = Task.Run(async () =>
        {
            TaskOutcome outcome;
            try
            {
                outcome = await invoker.InvokeAsync(assign.TypeName, assign.Kind, assign.Payload, assign.Code, cancellation.Token).ConfigureAwait(false);
            }
            finally
            {
                _current = null;
                cancellation.Dispose();
            }

            frames.Send(new Complete { Id = assign.Id, Outcome = outcome });
        }, CancellationToken.None);
    }
}
