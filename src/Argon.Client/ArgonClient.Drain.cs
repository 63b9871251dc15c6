using Argon.Protocol;

namespace Argon;

/// <summary>
/// A server that shuts down says Drain, lets the calls it accepted finish (or fails them with a clear error), then
/// says Goodbye and waits for the client to close. After Drain no new call goes to it: with Reconnect and Retry on,
/// calls wait for the server to come back (or for another connection); otherwise they fail at once with an
/// <see cref="ArgonConnectionException"/> that says the server is shutting down. With several managers, new calls
/// go to the others at once, and a manager that drains only waits for its own next connection.
/// </summary>
public sealed partial class ArgonClient
{
    /// <summary>Calls wait out a server's shutdown (and a lost connection) instead of failing.</summary>
    private bool WaitsForServer => _options is { Reconnect: true, Retry: true };

    private void OnDrain(ManagerSlot slot, ClientLink link, string reason)
    {
        if (link.Draining is not null)
        {
            return;
        }

        var safeReason = PeerText.Escape(reason, PeerText.MaxReasonLength);
        link.Draining = new ArgonConnectionException(ArgonConnectionErrorKind.Lost,
            $"The manager {link.Node} at {link.Remote} is shutting down ({safeReason}); it takes no new calls.");
        if (_several)
        {
            // New calls go to the other managers, and so do the ones that waited for this one's credit.
            slot.Park();
            slot.Credit.Fail(link.Draining);
        }
        else if (WaitsForServer)
        {
            // New calls wait for the next connection's first grant; the ones accepted here still get their outcomes.
            slot.Credit.Suspend();
            slot.Park();
        }
        else
        {
            slot.Credit.Fail(link.Draining);
        }

        if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
        {
            var safeNode = PeerText.Escape(link.Node);
            ClientLog.ServerDraining(_logger, link.Remote, safeNode, safeReason, _several ? "new calls go to the other managers" : WaitsForServer ? "new calls wait for it to come back" : "new calls fail");
        }
    }

    private void OnGoodbye(ManagerSlot slot, ClientLink link, string reason)
    {
        OnDrain(slot, link, reason);
        link.SaidGoodbye = true;

        // The server sends nothing after Goodbye and keeps reading until this side closes: close now, gracefully.
        link.Frames.End($"the server said goodbye: {reason}");
    }

    /// <summary>A connection's first grant: calls that waited for a connection go ahead on it.</summary>
    private static void OnGranted(ManagerSlot slot, ClientLink link)
    {
        if (link.Draining is null && slot.Link == link)
        {
            slot.Ready.TrySetResult(link);
        }
    }
}
