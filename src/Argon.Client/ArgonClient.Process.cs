using System.Runtime.CompilerServices;
using Argon.Protocol.Messages;
using Argon.Shipping;

namespace Argon;

/// <summary>
/// ProcessAsync: ships a delegate (a lambda, with the variables it captures, or a method) to a worker started with
/// --allow-eval and returns its result. Captured variables travel by value; the assemblies the code needs are sent
/// only to workers that lack them. See docs/operations.md, "Code shipping".
/// </summary>
/// <remarks>
/// The Task overloads have a higher overload priority so an async lambda binds to them (awaited on the worker) rather
/// than to the synchronous overload with a Task result, or ambiguously to the ValueTask ones.
/// </remarks>
public sealed partial class ArgonClient
{
    /// <summary>Runs <paramref name="function"/> on a worker started with --allow-eval and returns its result.</summary>
    /// <exception cref="ArgonClosureException">The delegate captures something that cannot travel by value (nothing was sent).</exception>
    /// <exception cref="ArgonTaskException">The delegate threw on the worker.</exception>
    /// <exception cref="ArgonException">No worker would run shipped code (none was started with --allow-eval).</exception>
    public Task<TResult> ProcessAsync<TResult>(Func<TResult> function, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<TResult>(Func<Task<TResult>> function, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<TResult>(Func<ValueTask<TResult>> function, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, TResult>(Func<T1, TResult> function, T1 arg1, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, TResult>(Func<T1, Task<TResult>> function, T1 arg1, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, TResult>(Func<T1, ValueTask<TResult>> function, T1 arg1, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, TResult>(Func<T1, T2, TResult> function, T1 arg1, T2 arg2, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, T2, TResult>(Func<T1, T2, Task<TResult>> function, T1 arg1, T2 arg2, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, TResult>(Func<T1, T2, ValueTask<TResult>> function, T1 arg1, T2 arg2, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, T1 arg1, T2 arg2, T3 arg3, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, T2, T3, TResult>(Func<T1, T2, T3, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, TResult>(Func<T1, T2, T3, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, TResult>(Func<T1, T2, T3, T4, T5, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, TResult>(Func<T1, T2, T3, T4, T5, T6, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6, arg7], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6, arg7], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, T7, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6, arg7], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, TResult> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    [OverloadResolutionPriority(1)]
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, Task<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8], options, cancellationToken);

    /// <inheritdoc cref="ProcessAsync{TResult}(Func{TResult}, ArgonCallOptions?, CancellationToken)"/>
    public Task<TResult> ProcessAsync<T1, T2, T3, T4, T5, T6, T7, T8, TResult>(Func<T1, T2, T3, T4, T5, T6, T7, T8, ValueTask<TResult>> function, T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8, ArgonCallOptions? options = null, CancellationToken cancellationToken = default) =>
        ProcessCoreAsync<TResult>(function, [arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8], options, cancellationToken);

    private async Task<TResult> ProcessCoreAsync<TResult>(Delegate function, object?[] args, ArgonCallOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var call = ShippedCall.Create(function, args);
        var outcome = await CallAsync(call.Name, TaskKind.Delegate, call.Payload, options, cancellationToken, code: call.Code).ConfigureAwait(false);
        return OutcomeDecoder.Decode<TResult>(outcome, call.Name);
    }
}
