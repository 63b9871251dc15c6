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
        return MapCoreAsync<TItem, TResult>(items, item => toTask(item), options ?? ArgonMapOptions.Default, cancellationToken);
    }

    /// <inheritdoc cref="MapAsync{TItem, TResult}(IEnumerable{TItem}, Func{TItem, ITask{TResult}}, ArgonMapOptions?, CancellationToken)"/>
    public IAsyncEnumerable<TResult> MapAsync<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, IAsyncTask<TResult>> toTask, ArgonMapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(toTask);
        return MapCoreAsync<TItem, TResult>(items, item => toTask(item), options ?? ArgonMapOptions.Default, cancellationToken);
    }

    private async IAsyncEnumerable<TResult> MapCoreAsync<TItem, TResult>(
        IEnumerable<TItem> items, Func<TItem, object> toTask, ArgonMapOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var window = Math.Max(1, options.MaxInFlight);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Bounded by the window: at most that many calls are started and not yet consumed.
        var done = Channel.CreateBounded<Task<TResult>>(window);
        var inOrder = new Queue<Task<TResult>>();
        using var source = items.GetEnumerator();
        var running = 0;
        try
        {
            while (true)
            {
                while (running < window && source.MoveNext())
                {
                    var call = MapOneAsync<TResult>(toTask(source.Current!), options.CallOptions, stop.Token);
                    running++;
                    if (options.Ordered)
                    {
                        inOrder.Enqueue(call);
                    }
                    else
                    {
                        _ = call.ContinueWith(static (finished, state) => ((ChannelWriter<Task<TResult>>)state!).TryWrite(finished),
                            done.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    }
                }

                if (running == 0)
                {
                    yield break;
                }

                var next = options.Ordered ? inOrder.Dequeue() : await done.Reader.ReadAsync(stop.Token).ConfigureAwait(false);
                running--;
                yield return await next.ConfigureAwait(false);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
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
