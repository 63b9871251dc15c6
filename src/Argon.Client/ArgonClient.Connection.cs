using Argon.Protocol;
using Argon.Protocol.Transport;

namespace Argon;

public sealed partial class ArgonClient
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);

    private readonly Task _links;
    private ClientLink? _link;
    private TaskCompletionSource<ClientLink> _linkReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _lastNode;

    /// <summary>
    /// Serves one connection after another: each runs until it ends; then, with Reconnect on, the calls that were
    /// waiting on it fail (transient) and a new connection is made with capped exponential backoff and jitter.
    /// Without Reconnect, or once disposed, the first loss is final.
    /// </summary>
    private async Task RunLinksAsync(ClientLink first)
    {
        _linkReady.TrySetResult(first);
        for (ClientLink? link = first; link is not null; link = await ReconnectAsync(link.SaidGoodbye).ConfigureAwait(false))
        {
            var end = await RunLinkAsync(link).ConfigureAwait(false);
            var lost = LinkEnded(link, end);
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            var safeReason = PeerText.Escape(end.Reason, PeerText.MaxReasonLength);
            if (link.SaidGoodbye)
            {
                ClientLog.ConnectionClosed(_logger, link.Remote, safeReason);
            }
            else
            {
                ClientLog.ConnectionLost(_logger, link.Remote, safeReason);
            }

            if (!_options.Reconnect)
            {
                Close(lost);
                return;
            }

            // Later calls wait for the next connection's first grant; the ones in flight get the transient error (and Retry resubmits them).
            ParkNewCalls();
            _credit.Suspend();
            Volatile.Write(ref _link, null);
            FailPending(lost);
        }
    }

    private async Task<ConnectionEnd> RunLinkAsync(ClientLink link)
    {
        ConnectionEnd end;
        try
        {
            end = await link.Frames.RunAsync(message => HandleAsync(link, message), _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            end = ConnectionEnd.Faulted(ex.Message, ex);
        }

        try
        {
            await link.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or NotSupportedException or InvalidOperationException or ObjectDisposedException)
        {
            // Closing TLS towards a dead peer can fail; the connection is over either way.
        }

        return end;
    }

    /// <summary>
    /// Connects again until it works, the key is refused, or the client is disposed (then null). After a server's
    /// Goodbye the first wait is longer (about a second): the server is on its way out, and would only be met there.
    /// </summary>
    private async Task<ClientLink?> ReconnectAsync(bool afterGoodbye)
    {
        var later = afterGoodbye ? 4 : 0;
        for (var failures = 1; ; failures++)
        {
            try
            {
                await Task.Delay(RetryBackoff.Reconnect(failures + later, MaxReconnectDelay), _shutdown.Token).ConfigureAwait(false);
                var link = await OpenLinkAsync(_options, _key, _logger, _shutdown.Token).ConfigureAwait(false);
                // Calls go ahead on it at its first Credit (OnGranted), so none is sent before the grant.
                Volatile.Write(ref _link, link);
                Volatile.Write(ref _lastNode, link.Node);
                return link;
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                return null;
            }
            catch (ArgonAuthenticationException ex)
            {
                Close(new ArgonConnectionException(ArgonConnectionErrorKind.Protocol, $"Reconnecting failed for good: {ex.Message}", ex));
                return null;
            }
            catch (ArgonConnectionException ex)
            {
                ClientLog.ReconnectFailed(_logger, $"{_options.Host}:{_options.Port}", failures, PeerText.Escape(ex.Message, PeerText.MaxReasonLength));
            }
        }
    }

    /// <summary>With Reconnect on, waits until a connection is up and granted (or the client closes for good).</summary>
    private async ValueTask WaitForLinkAsync(CancellationToken cancellationToken)
    {
        if (_options.Reconnect && Volatile.Read(ref _linkReady) is { Task.IsCompleted: false } ready)
        {
            await ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
