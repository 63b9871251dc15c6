using Argon.Hosting;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using Argon.Worker.Execution;
using Argon.Worker.Shipping;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Argon.Worker.Direct;

/// <summary>
/// Serves clients that connect to a stand-alone worker: the same Submit/Result/Deny/Cancel conversation as
/// with a manager. Tasks share the worker's executor pool with its manager's, so the worker never runs more
/// than its capacity at once; waiting direct tasks are bounded and the rest are denied at once.
/// </summary>
internal sealed class DirectClientHandler(
    TaskExecution execution, DirectAdmission admission, SecureChannelOptions channel, IOptions<WorkerOptions> options, ShippedCodeGate shipped,
    ILogger<DirectClientHandler> logger)
    : ConnectionHandler
{
    private readonly WorkerOptions _options = options.Value;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var peer = connection.Features.Get<PeerIdentity>()
            ?? throw new InvalidOperationException("The connection did not pass the secure channel middleware.");
        var frames = new FrameConnection(connection.Transport, channel.MaxFrameSize, peer.Remote, channel.Heartbeat, OutgoingLimits.For(channel.Heartbeat));
        var running = new Dictionary<long, CancellationTokenSource>();
        using var disconnected = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        frames.Send(new Credit { Tasks = admission.Limit });
        var fetcher = new CodeFetcher(shipped.Cache, m => frames.Send(m));
        var end = await frames.RunAsync(message =>
        {
            switch (message)
            {
                case Submit submit when peer.Role == PeerRole.Client:
                    Accept(frames, submit, fetcher, running, disconnected.Token);
                    break;
                case Code code:
                    fetcher.Deliver(code);
                    break;
                case Cancel cancel:
                    lock (running)
                    {
                        if (running.TryGetValue(cancel.Id, out var task))
                        {
                            task.Cancel();
                        }
                    }

                    break;
                case StatusRequest request:
                    frames.Send(admission.Status(request.Id, _options));
                    break;
                case Heartbeat { IsReply: false } heartbeat:
                    frames.Send(heartbeat.Reply());
                    break;
                case Heartbeat or Goodbye:
                    break;
                default:
                    throw new ProtocolException(peer.Role == PeerRole.Worker
                        ? "this is a stand-alone worker, not a manager: workers cannot register here"
                        : $"a client may not send {message.Type}");
            }

            return ValueTask.CompletedTask;
        }, connection.ConnectionClosed).ConfigureAwait(false);
        if (frames.IsCutOff)
        {
            // Kestrel's graceful close would wait forever to send what is left to a peer that does not read.
            connection.Abort(new ConnectionAbortedException(end.Reason));
        }

        // The client is gone: its tasks are cancelled and nothing is sent into the void.
        await disconnected.CancelAsync().ConfigureAwait(false);
        if (end.IsFault)
        {
            WorkerLog.DirectProtocolViolation(logger, peer.Remote, PeerText.Escape(peer.Node), PeerText.Escape(end.Reason, PeerText.MaxReasonLength));
        }
    }

    private void Accept(
        FrameConnection frames, Submit submit, CodeFetcher fetcher, Dictionary<long, CancellationTokenSource> running, CancellationToken disconnected)
    {
        if (!admission.TryEnter(out var depth, out var limit))
        {
            frames.Send(new Deny
            {
                Id = submit.Id,
                Reason = $"queue full ({depth}/{limit} tasks waiting on worker {_options.Node})",
                QueueDepth = depth,
                RetryAfterMs = 10,
            });
            return;
        }

        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(disconnected);
        lock (running)
        {
            running[submit.Id] = cancellation;
        }

        _ = RunAsync(frames, submit, fetcher, cancellation, running);
    }

    private async Task RunAsync(
        FrameConnection frames, Submit submit, CodeFetcher fetcher, CancellationTokenSource cancellation, Dictionary<long, CancellationTokenSource> running)
    {
        try
        {
            var timeout = submit.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(submit.TimeoutMs) : _options.TaskTimeout;
            var request = new TaskRequest(submit.TypeName, submit.Kind, submit.Payload, timeout, submit.Code) { Id = submit.Id, TraceParent = submit.TraceParent, TraceState = submit.TraceState };
            var outcome = await execution.RunAsync(request, fetcher, CancellationToken.None, cancellation.Token).ConfigureAwait(false);
            while (outcome.Status == OutcomeStatus.Revoked && !cancellation.IsCancellationRequested)
            {
                // Given back unstarted (it waited behind a long task while an executor fell idle, or its executor
                // died before its turn): this worker is its assigner, so it places it again. No attempt was spent.
                outcome = await execution.RunAsync(request, fetcher, CancellationToken.None, cancellation.Token).ConfigureAwait(false);
            }

            if (!cancellation.IsCancellationRequested)
            {
                frames.Send(new Result { Id = submit.Id, Outcome = OutcomeLimit.Fit(outcome, ProtocolConstants.DefaultMaxFrameSize, "the client") });
            }
        }
        finally
        {
            admission.Leave();
            lock (running)
            {
                running.Remove(submit.Id);
            }

            cancellation.Dispose();
        }
    }
}
