using Argon.Hosting;
using Argon.Manager.Scheduling;
using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Protocol.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Argon.Manager.Connections;

/// <summary>
/// Serves one authenticated connection: a client's Submits and Cancels, or a worker's Register and Completes.
/// A message the peer's role may not send is a protocol error that closes that connection only.
/// </summary>
internal sealed class ManagerConnectionHandler(
    Dispatcher dispatcher, SecureChannelOptions channel, ManagerConnections connections, ILogger<ManagerConnectionHandler> logger,
    Http.ManagerMetrics? metrics = null)
    : ConnectionHandler
{
    private static readonly string Version = typeof(ManagerConnectionHandler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var peer = connection.Features.Get<PeerIdentity>()
            ?? throw new InvalidOperationException("The connection did not pass the secure channel middleware.");
        var frames = new FrameConnection(connection.Transport, channel.MaxFrameSize, peer.Remote, channel.Heartbeat, OutgoingLimits.For(channel.Heartbeat));
        using var registration = connections.Add(frames);
        metrics?.Connected(peer.Role);
        var end = peer.Role == PeerRole.Worker
            ? await ServeWorkerAsync(frames, peer, connection.ConnectionClosed).ConfigureAwait(false)
            : await ServeClientAsync(frames, peer, connection.ConnectionClosed).ConfigureAwait(false);
        if (frames.IsCutOff)
        {
            // Kestrel's graceful close would wait forever to send what is left to a peer that does not read.
            connection.Abort(new ConnectionAbortedException(end.Reason));
        }

        if (end.IsFault)
        {
            ManagerLog.ProtocolViolation(logger, peer.Remote, PeerText.Escape(peer.Node), PeerText.Escape(end.Reason, PeerText.MaxReasonLength));
        }
    }

    private async Task<ConnectionEnd> ServeClientAsync(FrameConnection frames, PeerIdentity peer, CancellationToken closed)
    {
        var session = new ClientSession(frames, peer.Node);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var safeNode = PeerText.Escape(peer.Node);
            ManagerLog.ClientConnected(logger, safeNode, peer.Remote);
        }

        dispatcher.ClientConnected(session);
        var end = await frames.RunAsync(message =>
        {
            switch (message)
            {
                case Submit submit:
                    dispatcher.Submit(session, submit);
                    break;
                case Cancel cancel:
                    dispatcher.Cancel(session, cancel.Id);
                    break;
                case Code code:
                    dispatcher.Code(session, code);
                    break;
                case StatusRequest request:
                    frames.Send(dispatcher.Status(request.Id, Version));
                    break;
                case Heartbeat { IsReply: false } heartbeat:
                    frames.Send(heartbeat.Reply());
                    break;
                case Heartbeat or Goodbye:
                    break;
                default:
                    throw new ProtocolException($"a client may not send {message.Type}");
            }

            return ValueTask.CompletedTask;
        }, closed).ConfigureAwait(false);
        dispatcher.ClientDisconnected(session);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var safeNode = PeerText.Escape(peer.Node);
            var safeReason = PeerText.Escape(end.Reason, PeerText.MaxReasonLength);
            ManagerLog.ClientDisconnected(logger, safeNode, peer.Remote, safeReason);
        }

        return end;
    }

    private async Task<ConnectionEnd> ServeWorkerAsync(FrameConnection frames, PeerIdentity peer, CancellationToken closed)
    {
        WorkerTracker? worker = null;
        string? goodbye = null;
        var end = await frames.RunAsync(message =>
        {
            switch (message)
            {
                case Register register when worker is null:
                    worker = dispatcher.RegisterWorker(frames, register);
                    break;
                case Complete complete when worker is not null:
                    dispatcher.Complete(worker, complete);
                    break;
                case Share share when worker is not null:
                    dispatcher.ShareChanged(worker, share.Capacity);
                    break;
                case Orphans orphans when worker is not null:
                    dispatcher.OrphansNamed(worker, orphans);
                    break;
                case PeerReport report when worker is not null:
                    dispatcher.PeersReported(worker, report);
                    break;
                case NeedCode need when worker is not null:
                    dispatcher.NeedCode(worker, need);
                    break;
                case Heartbeat { IsReply: false } heartbeat:
                    frames.Send(heartbeat.Reply());
                    break;
                case StatusRequest request:
                    frames.Send(dispatcher.Status(request.Id, Version));
                    break;
                case Drain when worker is not null:
                    dispatcher.DrainWorker(worker);
                    break;
                case Goodbye bye when worker is not null:
                    goodbye = bye.Reason;
                    break;
                case Heartbeat or Goodbye or Drain:
                    break;
                case Register:
                    throw new ProtocolException("a worker may register only once per connection");
                default:
                    throw new ProtocolException(worker is null
                        ? $"a worker must send Register first, not {message.Type}"
                        : $"a worker may not send {message.Type}");
            }

            return ValueTask.CompletedTask;
        }, closed).ConfigureAwait(false);
        if (worker is not null)
        {
            dispatcher.WorkerDisconnected(worker, end.Reason, goodbye);
        }

        return end;
    }
}
