using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Argon.Protocol.Messages;

namespace Argon;

public sealed partial class ArgonClient
{
    /// <summary>
    /// Runs one task per item and yields the results as they complete (or in item order with
    /// <see cref="ArgonMapOptions.Ordered"/>). At most <see cref="ArgonMapOptions.MaxInFlight"/> tasks are in flight,
    /// and calls wait for the manager's credit, so a large batch is rarely denied. The first failure is thrown
    /// where its result would have been yielded, and the tasks still in flight are cancelled.
    /// </summary>
    public IAsyncEnumerable<TResult> MapAsync<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, ITask<TResult>> toTask, ArgonMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(toTask);
        var callOptions = (options ?? ArgonMapOptions.Default).CallOptions;
        return MapCoreAsync(items, (item, _, stop) => MapOneAsync<TResult>(toTask(item), callOptions, stop), options ?? ArgonMapOptions.Default, cancellationToken);
    }

    /// <inheritdoc cref="MapAsync{TItem, TResult}(IEnumerable{TItem}, Func{TItem, ITask{TResult}}, ArgonMapOptions?, CancellationToken)"/>
    public IAsyncEnumerable<TResult> MapAsync<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, IAsyncTask<TResult>> toTask, ArgonMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(toTask);
        var callOptions = (options ?? ArgonMapOptions.Default).CallOptions;
        return MapCoreAsync(items, (item, _, stop) => MapOneAsync<TResult>(toTask(item), callOptions, stop), options ?? ArgonMapOptions.Default, cancellationToken);
    }

    /// <summary>
    /// Runs one task per item, as <see cref="MapAsync{TItem, TResult}(IEnumerable{TItem}, Func{TItem, ITask{TResult}}, ArgonMapOptions?, CancellationToken)"/>
    /// does, but yields one <see cref="MapOutcome{TItem, TResult}"/> per item, a result or an exception, so one
    /// failing item does not end the batch: every item is reported exactly once. They come as they complete, or in
    /// item order with <see cref="ArgonMapOptions.Ordered"/>; each carries its <see cref="MapOutcome{TItem, TResult}.Index"/>.
    /// Only cancelling <paramref name="cancellationToken"/> ends the batch early (with an OperationCanceledException).
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026",
        Justification = "Mirrors MapAsync: the two overloads differ in the delegate's task type only, never in the optional parameters.")]
    public IAsyncEnumerable<MapOutcome<TItem, TResult>> MapOutcomesAsync<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, ITask<TResult>> toTask, ArgonMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(toTask);
        var callOptions = (options ?? ArgonMapOptions.Default).CallOptions;
        return MapCoreAsync(items, (item, index, stop) => MapOutcomeAsync<TItem, TResult>(item, index, i => toTask(i), callOptions, stop),
            options ?? ArgonMapOptions.Default, cancellationToken);
    }

    /// <inheritdoc cref="MapOutcomesAsync{TItem, TResult}(IEnumerable{TItem}, Func{TItem, ITask{TResult}}, ArgonMapOptions?, CancellationToken)"/>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026",
        Justification = "Mirrors MapAsync: the two overloads differ in the delegate's task type only, never in the optional parameters.")]
    public IAsyncEnumerable<MapOutcome<TItem, TResult>> MapOutcomesAsync<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, IAsyncTask<TResult>> toTask, ArgonMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(toTask);
        var callOptions = (options ?? ArgonMapOptions.Default).CallOptions;
        return MapCoreAsync(items, (item, index, stop) => MapOutcomeAsync<TItem, TResult>(item, index, i => toTask(i), callOptions, stop),
            options ?? ArgonMapOptions.Default, cancellationToken);
    }

    /// <summary>
    /// The window shared by both forms: <paramref name="start"/> begins one item's call (given the item, its index
    /// and the batch's stop token); the calls' values are yielded as they complete, or in item order.
    /// </summary>
    private static async IAsyncEnumerable<TOut> MapCoreAsync<TItem, TOut>(
        IEnumerable<TItem> items, Func<TItem, long, CancellationToken, Task<TOut>> start, ArgonMapOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = Math.Max(1, options.MaxInFlight);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Bounded by the window: at most that many calls are started and not yet consumed.
        var done = Channel.CreateBounded<Task<TOut>>(window);
        var inOrder = new Queue<Task<TOut>>();
        using var source = items.GetEnumerator();
        var running = 0;
        var index = 0L;
        try
        {
            while (true)
            {
                while (running < window && source.MoveNext())
                {
                    var call = start(source.Current, index++, stop.Token);
                    running++;
                    if (options.Ordered)
                    {
                        inOrder.Enqueue(call);
                    }
                    else
                    {
                        _ = call.ContinueWith(static (finished, state) => ((ChannelWriter<Task<TOut>>)state!).TryWrite(finished),
                            done.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }

                if (running == 0)
                {
                    yield break;
                }

                var next = options.Ordered ? inOrder.Dequeue() : await done.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                running--;
                var value = await next.ConfigureAwait(false);
                stop.Token.ThrowIfCancellationRequested(); // the caller cancelled: the batch ends here, whatever the call made of it
                yield return value;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One item's outcome: whatever its call ends with, except the batch being stopped (the caller cancelled, or
    /// stopped reading), which is nobody's outcome to report.
    /// </summary>
    private async Task<MapOutcome<TItem, TResult>> MapOutcomeAsync<TItem, TResult>(
        TItem item, long index, Func<TItem, object> toTask, ArgonCallOptions options, CancellationToken stop)
    {
        try
        {
            var result = await MapOneAsync<TResult>(toTask(item), options, stop).ConfigureAwait(false);
            return new MapOutcome<TItem, TResult>(index, item, result, null);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            return new MapOutcome<TItem, TResult>(index, item, default!, ex);
        }
    }

    private async Task<TResult> MapOneAsync<TResult>(object task, ArgonCallOptions options, CancellationToken cancellationToken)
    {
        var type = task.GetType();
        var payload = TaskSerializer.Serialize(type, task);
        var outcome = await CallAsync(type.FullName!, TaskKind.Instance, payload, options, cancellationToken, flowControlled: true).ConfigureAwait(false);
        return OutcomeDecoder.Decode<TResult>(outcome, type.FullName!);
    }
}
