using Argon.Protocol;
using Argon.Protocol.Security;
using Microsoft.Extensions.Logging;

namespace Argon;

/// <summary>
/// A client with several managers (<see cref="ArgonClientOptions.Managers"/>): one connection per manager, each with
/// its own credit, heartbeats and reconnection; calls spread over the managers that take calls
/// (<see cref="SpreadPolicy"/>), and a call whose manager is lost moves to another with Retry on. See
/// docs/decisions.md, "Several managers: spreading and failover".
/// </summary>
public sealed partial class ArgonClient
{
    private int _turn;

    /// <summary>Connects to every manager at once; succeeds when at least one is reached.</summary>
    private static async Task<ArgonClient> ConnectSeveralAsync(
        ArgonClientOptions options, IReadOnlyList<ManagerEndpoint> endpoints, SharedKey key, ILogger logger, CancellationToken cancellationToken)
    {
        var attempts = endpoints.Select(endpoint => OpenLinkAsync(options, endpoint, key, logger, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(attempts).ConfigureAwait(false);
        }
        catch (Exception) when (attempts.Any(attempt => attempt.IsCompletedSuccessfully) && !cancellationToken.IsCancellationRequested)
        {
            // Some are reached: the others are tried again in the background (Reconnect) or left out.
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw NoneReached(endpoints, attempts);
        }
        catch (OperationCanceledException)
        {
            await DisposeReachedAsync(attempts).ConfigureAwait(false);
            throw;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            await DisposeReachedAsync(attempts).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var slots = new ManagerSlot[endpoints.Count];
        var links = new ClientLink?[endpoints.Count];
        for (var i = 0; i < endpoints.Count; i++)
        {
            slots[i] = new ManagerSlot(endpoints[i]);
            if (attempts[i].IsCompletedSuccessfully)
            {
                links[i] = attempts[i].Result;
            }
            else
            {
                var error = attempts[i].Exception?.InnerException;
                slots[i].LastLoss = error as ArgonConnectionException
                    ?? new ArgonConnectionException(ArgonConnectionErrorKind.Unreachable, $"Cannot connect to {endpoints[i]}: {error?.Message}", error);
                ClientLog.ManagerNotReached(logger, endpoints[i].ToString(), PeerText.Escape(error?.Message ?? "", PeerText.MaxReasonLength),
                    options.Reconnect ? "tried again in the background" : "left out (Reconnect is off)");
            }
        }

        return new ArgonClient(options, key, logger, slots, links);
    }

    /// <summary>Not one manager was reached: the key was refused by all, or the error names each manager and what happened there.</summary>
    private static ArgonException NoneReached(IReadOnlyList<ManagerEndpoint> endpoints, Task<ClientLink>[] attempts)
    {
        var errors = attempts.Select(attempt => attempt.Exception?.InnerException).ToArray();
        var each = string.Join("; ", endpoints.Select((endpoint, i) => $"{endpoint}: {errors[i]?.Message}"));
        var inner = new AggregateException(errors.OfType<Exception>());
        return errors.All(error => error is ArgonAuthenticationException)
            ? new ArgonAuthenticationException($"Every manager refused the key: {each}", inner)
            : new ArgonConnectionException(ArgonConnectionErrorKind.Unreachable, $"Could not connect to any of the {endpoints.Count} managers: {each}", inner);
    }

    private static async Task DisposeReachedAsync(Task<ClientLink>[] attempts)
    {
        foreach (var attempt in attempts)
        {
            if (attempt.IsCompletedSuccessfully)
            {
                await attempt.Result.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One of several managers is gone and not coming back: its calls fail (or move, with Retry), nothing new goes to
    /// it; when it was the last, the client is closed with an error that names every manager.
    /// </summary>
    private void LoseForGood(ManagerSlot slot, ArgonConnectionException lost)
    {
        slot.IsDead = true;
        slot.LastLoss = lost;
        slot.Park();
        slot.Credit.Fail(lost);
        slot.Link = null;
        FailPending(slot, lost);
        ClientLog.ManagerLeftOut(_logger, slot.Endpoint.ToString(), PeerText.Escape(lost.Message, PeerText.MaxReasonLength));
        if (Array.TrueForAll(_managers, static manager => manager.IsDead))
        {
            var each = string.Join("; ", _managers.Select(manager => $"{manager.Endpoint}: {manager.LastLoss?.Message}"));
            Close(new ArgonConnectionException(ArgonConnectionErrorKind.Lost, $"Every manager was lost: {each}", lost));
        }
    }

    /// <summary>
    /// Chooses the manager for a call (several managers only): the least loaded of those that take calls, by
    /// <see cref="SpreadPolicy"/>. With <paramref name="withCredit"/>, also takes a place in its credit, and chooses
    /// again if that manager goes while the call waits there. When none takes calls, waits for one to come back
    /// (Reconnect) or throws what the managers ended with. The chosen manager's load counts the call until
    /// <see cref="Unplace"/>.
    /// </summary>
    private async ValueTask<ManagerSlot> PlaceAsync(bool withCredit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var slot = await ChooseAsync(cancellationToken).ConfigureAwait(false);
            slot.AddLoad();
            if (!withCredit)
            {
                return slot;
            }

            try
            {
                await slot.Credit.AcquireAsync(cancellationToken).ConfigureAwait(false);
                return slot;
            }
            catch (ArgonConnectionException) when (Volatile.Read(ref _closed) is null)
            {
                // That manager was lost or began draining while the call waited for its credit: choose again.
                slot.RemoveLoad();
            }
            catch
            {
                slot.RemoveLoad();
                throw;
            }
        }
    }

    /// <summary>The call leaves <paramref name="slot"/> (it ended, or moves): gives back its credit and its share of the load.</summary>
    private static void Unplace(ManagerSlot slot, bool withCredit)
    {
        if (withCredit)
        {
            slot.Credit.Release();
        }

        slot.RemoveLoad();
    }

    /// <summary>A manager that takes calls now, by the spreading rule; else waits for one (Reconnect) or throws.</summary>
    private async ValueTask<ManagerSlot> ChooseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Volatile.Read(ref _closed) is { } closed)
            {
                throw closed;
            }

            if (TryChoose() is { } chosen)
            {
                return chosen;
            }

            await WaitForAnyManagerAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private ManagerSlot? TryChoose()
    {
        var candidates = _managers.Length <= 16 ? stackalloc SpreadCandidate[_managers.Length] : new SpreadCandidate[_managers.Length];
        for (var i = 0; i < _managers.Length; i++)
        {
            candidates[i] = _managers[i].AsCandidate();
        }

        var chosen = SpreadPolicy.Choose(candidates, Interlocked.Increment(ref _turn));
        return chosen >= 0 ? _managers[chosen] : null;
    }

    /// <summary>None takes calls: with Reconnect, waits until one is up and granted; otherwise fails with what they ended with.</summary>
    private async Task WaitForAnyManagerAsync(CancellationToken cancellationToken)
    {
        if (!_options.Reconnect)
        {
            var draining = Array.Find(_managers, static slot => slot.Link?.Draining is not null)?.Link?.Draining;
            throw Volatile.Read(ref _closed) ?? draining ?? Array.Find(_managers, static slot => slot.LastLoss is not null)?.LastLoss
                ?? new ArgonConnectionException(ArgonConnectionErrorKind.Lost, "No manager takes calls.");
        }

        var ready = Array.ConvertAll(_managers, static slot => (Task)slot.Ready.Task);
        if (Array.Exists(ready, static task => task.IsCompleted))
        {
            // A manager is up again but not yet counted as taking calls (its connection is being set up or torn down).
            await Task.Yield();
            return;
        }

        await Task.WhenAny(ready).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first manager, in the order given, that takes calls now.</summary>
    private ManagerSlot? FirstTakingCalls() => Array.Find(_managers, static slot => slot.TakesCalls);

    /// <summary>Where a status request or ping goes: the one manager, or the first of several that takes calls.</summary>
    private async ValueTask<ManagerSlot> ChooseForRequestAsync(CancellationToken cancellationToken)
    {
        if (!_several)
        {
            await WaitForLinkAsync(_managers[0], cancellationToken).ConfigureAwait(false);
            return _managers[0];
        }

        while (true)
        {
            if (Volatile.Read(ref _closed) is { } closed)
            {
                throw closed;
            }

            if (FirstTakingCalls() is { } slot)
            {
                return slot;
            }

            await WaitForAnyManagerAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
