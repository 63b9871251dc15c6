using System.Diagnostics;
using Argon.Protocol;
using Argon.Protocol.Diagnostics;
using Argon.Protocol.Messages;
using MessagePack;
using Microsoft.Extensions.Logging;

namespace Argon;

public sealed partial class ArgonClient
{
    /// <summary>Runs a task class on the cluster and returns its result.</summary>
    /// <exception cref="ArgonTaskException">The task threw.</exception>
    /// <exception cref="ArgonRejectedException">No capacity and <see cref="ArgonClientOptions.Retry"/> is off.</exception>
    /// <exception cref="ArgonTimeoutException">The call outlived its timeout.</exception>
    /// <exception cref="ArgonConnectionException">The connection was lost first.</exception>
    public Task<TResult> QueueAsync<TResult>(ITask<TResult> task, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        QueueInstanceAsync<TResult>(task, options, cancellationToken);

    /// <inheritdoc cref="QueueAsync{TResult}(ITask{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> QueueAsync<TResult>(IAsyncTask<TResult> task, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        QueueInstanceAsync<TResult>(task, options, cancellationToken);

    /// <summary>Runs the task class named <paramref name="typeName"/>, built from <paramref name="args"/> by its best-matching public constructor.</summary>
    public Task<object?> QueueAsync(string typeName, params object?[] args) =>
        QueueAsync(typeName, args, null, CancellationToken.None);

    /// <inheritdoc cref="QueueAsync(string, object?[])"/>
    public async Task<object?> QueueAsync(string typeName, object?[] args, ArgonCallOptions? options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        var payload = MessagePackSerializer.Serialize(args ?? [], MessageCodec.Options, cancellationToken);
        var outcome = await CallAsync(typeName, TaskKind.ByName, payload, options, cancellationToken).ConfigureAwait(false);
        return OutcomeDecoder.DecodeUntyped(outcome, typeName);
    }

    /// <summary>Runs a task and blocks the calling thread until its result arrives.</summary>
    public TResult Queue<TResult>(ITask<TResult> task, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        QueueAsync(task, options, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Ships a task now; await the returned value (or call its Result()) to synchronize.</summary>
    public Deferred<TResult> Defer<TResult>(ITask<TResult> task, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        new(QueueAsync(task, options, cancellationToken));

    /// <inheritdoc cref="Defer{TResult}(ITask{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Deferred<TResult> Defer<TResult>(IAsyncTask<TResult> task, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        new(QueueAsync(task, options, cancellationToken));

    private async Task<TResult> QueueInstanceAsync<TResult>(object task, ArgonCallOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var type = task.GetType();
        var payload = TaskSerializer.Serialize(type, task);
        var code = _options.ShipTaskCode ? Shipping.ShippedCall.ForTaskType(type) : null;
        var outcome = await CallAsync(type.FullName!, TaskKind.Instance, payload, options, cancellationToken, code: code).ConfigureAwait(false);
        return OutcomeDecoder.Decode<TResult>(outcome, type.FullName!);
    }

    /// <summary>
    /// Submits until accepted (retrying on Deny when enabled) and returns the task's outcome. With Retry on, or
    /// for bulk calls, the call first waits for the manager's credit, so it is rarely denied at all.
    /// </summary>
    private Task<TaskOutcome> CallAsync(
        string typeName, TaskKind kind, byte[] payload, ArgonCallOptions? options, CancellationToken cancellationToken, bool flowControlled = false,
        CodeReference? code = null) =>
        ArgonActivity.Source.HasListeners()
            ? TracedCallAsync(typeName, kind, payload, options, flowControlled, code, cancellationToken)
            : UntracedCallAsync(typeName, kind, payload, options, flowControlled, code, cancellationToken);

    private Task<TaskOutcome> UntracedCallAsync(
        string typeName, TaskKind kind, byte[] payload, ArgonCallOptions? options, bool flowControlled, CodeReference? code,
        CancellationToken cancellationToken) =>
        flowControlled || _options.Retry
            ? CallWithCreditAsync(typeName, kind, payload, options, code, cancellationToken)
            : SubmitAsync(typeName, kind, payload, options, Environment.TickCount64, null, null, cancellationToken, code);

    /// <summary>Waits for the manager's credit (with several, the chosen manager's), then submits; the call's timeout covers both.</summary>
    private async Task<TaskOutcome> CallWithCreditAsync(
        string typeName, TaskKind kind, byte[] payload, ArgonCallOptions? options, CodeReference? code, CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        var timeout = (options ?? ArgonCallOptions.Default).Timeout ?? _options.DefaultTimeout;
        using var deadline = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline?.CancelAfter(timeout!.Value);
        var slot = _managers[0];
        try
        {
            if (_several)
            {
                slot = await PlaceAsync(withCredit: true, deadline?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await slot.Credit.AcquireAsync(deadline?.Token ?? cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException ex)
        {
            throw CancellationOutcome(ex, typeName, timeout, cancellationToken);
        }

        return await SubmitAsync(typeName, kind, payload, options, started, deadline, slot, cancellationToken, code).ConfigureAwait(false);
    }

    /// <summary>
    /// Submits, and again after each Deny when Retry is on, until the task's outcome comes back. The call's timeout is
    /// <paramref name="deadline"/> when the caller already started it (to wait for credit), else it starts here.
    /// <paramref name="credited"/> is the manager whose credit the call holds (released when it ends), or null.
    /// With several managers the call is placed on one (<see cref="PlaceAsync"/>) and moves to another when that one
    /// is lost with it in flight (Retry on, within the call's attempts).
    /// </summary>
    private async Task<TaskOutcome> SubmitAsync(
        string typeName, TaskKind kind, byte[] payload, ArgonCallOptions? options, long started, CancellationTokenSource? deadline,
        ManagerSlot? credited, CancellationToken cancellationToken, CodeReference? code = null)
    {
        options ??= ArgonCallOptions.Default;
        var timeout = options.Timeout ?? _options.DefaultTimeout;
        using var ownDeadline = deadline is null && timeout is not null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        ownDeadline?.CancelAfter(timeout!.Value);
        var token = (deadline ?? ownDeadline)?.Token ?? cancellationToken;
        var maxAttempts = Math.Max(1, options.MaxAttempts ?? _options.DefaultMaxAttempts);
        var withCredit = credited is not null;
        var slot = credited ?? _managers[0];
        var placed = _several && withCredit; // with several managers: the call counts in slot's load (and holds its credit when withCredit)
        var lostWithManager = 0;

        // With several managers a call keeps one id across its submissions, so that a surviving manager can attach a
        // resubmission to the execution a worker still holds for the lost one (docs/decisions.md).
        Guid? callId = _several ? Guid.NewGuid() : null;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (!_several)
                    {
                        await WaitForLinkAsync(slot, token).ConfigureAwait(false);
                    }
                    else if (!placed || !slot.TakesCalls)
                    {
                        if (placed)
                        {
                            placed = false;
                            Unplace(slot, withCredit);
                        }

                        slot = await PlaceAsync(withCredit, token).ConfigureAwait(false);
                        placed = true;
                    }
                }
                catch (OperationCanceledException ex)
                {
                    throw CancellationOutcome(ex, typeName, timeout, cancellationToken);
                }

                EnsureFits(slot, typeName, payload, code);
                var (id, call) = Register(slot);
                var trace = Activity.Current; // the call's span, or the caller's own activity: its context goes with the Submit
                var remainingMs = timeout is null ? 0 : (int)Math.Max(1, timeout.Value.TotalMilliseconds - (Environment.TickCount64 - started));
                Send(slot, id, new Submit
                {
                    Id = id,
                    TypeName = typeName,
                    Kind = kind,
                    Payload = payload,
                    Priority = options.Priority,
                    TimeoutMs = remainingMs,
                    MaxAttempts = maxAttempts,
                    Code = code,
                    CallId = callId,
                    Resubmitted = callId is not null && lostWithManager > 0, // with one manager there is no id to attach by
                    TraceParent = ArgonActivity.TraceParentOf(trace),
                    TraceState = trace?.TraceStateString,
                });
                ClientLog.Submitted(_logger, id, typeName, slot.Node);

                Message reply;
                try
                {
                    using var registration = token.CanBeCanceled ? token.Register(static state => ((CancelState)state!).Cancel(), new CancelState(this, id)) : default;
                    reply = await call.Reply.ConfigureAwait(false);
                }
                catch (OperationCanceledException ex)
                {
                    throw CancellationOutcome(ex, typeName, timeout, cancellationToken);
                }
                catch (ArgonConnectionException ex) when (ResubmitsAfterLoss(ref lostWithManager, maxAttempts))
                {
                    // The connection was lost with the task in flight: submit it again, on the next connection or (with
                    // several managers) on another manager. One manager: it may run twice. Several: a worker that had
                    // started it for the lost manager gives the new one its outcome instead (the call id).
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        var safeMessage = PeerText.Escape(ex.Message, PeerText.MaxReasonLength);
                        if (_several)
                        {
                            var endpoint = slot.Endpoint.ToString();
                            ClientLog.MovingCall(_logger, typeName, endpoint, safeMessage);
                        }
                        else
                        {
                            ClientLog.Resubmitting(_logger, typeName, safeMessage);
                        }
                    }

                    try
                    {
                        await Task.Delay(RetryBackoff.Delay(attempt, TimeSpan.Zero), token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException cancelled)
                    {
                        throw CancellationOutcome(cancelled, typeName, timeout, cancellationToken);
                    }

                    continue;
                }

                if (reply is Result result)
                {
                    if (_logger.IsEnabled(LogLevel.Debug))
                    {
                        var safeNode = PeerText.Escape(result.Outcome.Node);
                        ClientLog.Completed(_logger, id, typeName, result.Outcome.Status, safeNode);
                    }

                    return result.Outcome;
                }

                var deny = (Deny)reply;
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var safeReason = PeerText.Escape(deny.Reason, PeerText.MaxReasonLength);
                    ClientLog.Denied(_logger, id, typeName, safeReason);
                }

                if (!_options.Retry)
                {
                    throw new ArgonRejectedException(
                        $"The cluster rejected {typeName}: {deny.Reason}. Enable ArgonClientOptions.Retry to retry with backoff.",
                        deny.QueueDepth, TimeSpan.FromMilliseconds(deny.RetryAfterMs));
                }

                var delay = RetryBackoff.Delay(attempt, TimeSpan.FromMilliseconds(deny.RetryAfterMs));
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var safeReason = PeerText.Escape(deny.Reason, PeerText.MaxReasonLength);
                    ClientLog.Retrying(_logger, typeName, safeReason, attempt, (int)delay.TotalMilliseconds);
                }

                try
                {
                    await Task.Delay(delay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex)
                {
                    throw CancellationOutcome(ex, typeName, timeout, cancellationToken);
                }

                if (placed)
                {
                    // Several managers: the denied call is placed again, so another one with room may take it.
                    placed = false;
                    Unplace(slot, withCredit);
                }
            }
        }
        finally
        {
            if (placed)
            {
                Unplace(slot, withCredit);
            }
            else if (!_several && withCredit)
            {
                slot.Credit.Release();
            }
        }
    }

    /// <summary>Counts the loss and says whether the call is submitted again (<see cref="FailoverRule"/>); never once the client is closed.</summary>
    private bool ResubmitsAfterLoss(ref int lostWithManager, int maxAttempts) =>
        Volatile.Read(ref _closed) is null
        && FailoverRule.Resubmits(_several, _options.Retry, _options.Reconnect, ++lostWithManager, maxAttempts);

    private static Exception CancellationOutcome(OperationCanceledException ex, string typeName, TimeSpan? timeout, CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested
            ? new OperationCanceledException($"The call to {typeName} was cancelled.", ex, cancellationToken)
            : new ArgonTimeoutException($"{typeName} did not finish within its timeout of {timeout?.TotalMilliseconds:0} ms.", ex);

    /// <summary>Cancels one pending call: the reply is abandoned and the cluster is told to drop or stop the task.</summary>
    private sealed class CancelState(ArgonClient client, long id)
    {
        public void Cancel()
        {
            // To the manager that holds the call now (a call that moved to another manager has a new id there).
            if (client._pending.TryRemove(id, out var call))
            {
                call.Slot.Link?.Frames.Send(new Protocol.Messages.Cancel { Id = id });
                call.Cancel();
            }
        }
    }
}
