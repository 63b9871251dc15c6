using Argon.Protocol;
using Argon.Protocol.Transport;

namespace Argon;

public sealed partial class ArgonClient
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);

    /// <summary>One per manager: a client with one manager has one, and takes the single-manager paths throughout.</summary>
    private readonly ManagerSlot[] _managers;
    private readonly bool _several;
    private readonly Task _links;

    /// <summary>
    /// Serves one manager's connections one after another: each runs until it ends; then, with Reconnect on, the
    /// calls that were waiting on it fail (transient) and a new connection is made with capped exponential backoff
    /// and jitter. Without Reconnect, or once disposed, the first loss is final: for the client when it has one
    /// manager, for this manager alone when it has several. A manager not reached at connect (<paramref name="first"/>
    /// null) is tried again from the start with Reconnect on, and is left out otherwise.
    /// </summary>
    private async Task RunLinksAsync(ManagerSlot slot, ClientLink? first)
    {
        if (first is null && !_options.Reconnect)
        {
            LoseForGood(slot, slot.LastLoss ?? new ArgonConnectionException(ArgonConnectionErrorKind.Unreachable, $"The manager at {slot.Endpoint} was not reached."));
            return;
        }

        if (first is not null)
        {
            slot.Ready.TrySetResult(first);
        }

        for (var link = first ?? await ReconnectAsync(slot, afterGoodbye: false).ConfigureAwait(false);
             link is not null;
             link = await ReconnectAsync(slot, link.SaidGoodbye).ConfigureAwait(false))
        {
            var end = await RunLinkAsync(slot, link).ConfigureAwait(false);
            var lost = LinkEnded(slot, link, end);
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
                if (_several)
                {
                    LoseForGood(slot, lost);
                }
                else
                {
                    Close(lost);
                }

                return;
            }

            // Later calls wait for the next connection's first grant; the ones in flight get the transient error (and
            // Retry resubmits them). With several managers, the calls waiting for this one's credit go to the others.
            slot.Park();
            if (_several)
            {
                slot.Credit.Fail(lost);
            }
            else
            {
                slot.Credit.Suspend();
            }

            slot.Link = null;
            FailPending(slot, lost);
        }
    }

    private async Task<ConnectionEnd> RunLinkAsync(ManagerSlot slot, ClientLink link)
    {
        ConnectionEnd end;
        try
        {
            end = await link.Frames.RunAsync(message => HandleAsync(slot, link, message), _shutdown.Token).ConfigureAwait(false);
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
    private async Task<ClientLink?> ReconnectAsync(ManagerSlot slot, bool afterGoodbye)
    {
        var later = afterGoodbye ? 4 : 0;
        for (var failures = 1; ; failures++)
        {
            try
            {
                await Task.Delay(RetryBackoff.Reconnect(failures + later, MaxReconnectDelay), _shutdown.Token).ConfigureAwait(false);
                var link = await OpenLinkAsync(_options, slot.Endpoint, _key, _logger, _shutdown.Token).ConfigureAwait(false);
                if (_several)
                {
                    // The last connection's failure is over; calls wait for this one's first grant.
                    slot.Credit.Reopen();
                }

                // Calls go ahead on it at its first Credit (OnGranted), so none is sent before the grant.
                slot.Link = link;
                return link;
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                return null;
            }
            catch (ArgonAuthenticationException ex)
            {
                var final = new ArgonConnectionException(ArgonConnectionErrorKind.Protocol, $"Reconnecting failed for good: {ex.Message}", ex);
                if (_several)
                {
                    LoseForGood(slot, final);
                }
                else
                {
                    Close(final);
                }

                return null;
            }
            catch (ArgonConnectionException ex)
            {
                slot.LastLoss ??= ex;
                ClientLog.ReconnectFailed(_logger, slot.Endpoint.ToString(), failures, PeerText.Escape(ex.Message, PeerText.MaxReasonLength));
            }
        }
    }

    /// <summary>With Reconnect on, waits until the connection is up and granted (or the client closes for good). One manager only.</summary>
    private ValueTask WaitForLinkAsync(ManagerSlot slot, CancellationToken cancellationToken) =>
        _options.Reconnect && slot.Ready is { Task.IsCompleted: false } ready
            ? new ValueTask(ready.Task.WaitAsync(cancellationToken))
            : ValueTask.CompletedTask;
}
