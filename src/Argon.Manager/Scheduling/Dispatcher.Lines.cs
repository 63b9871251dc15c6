namespace Argon.Manager.Scheduling;

/// <summary>
/// Handing waiting tasks to workers. Tasks wait in two lines (<see cref="PriorityTaskQueue"/>): ordinary tasks,
/// which any worker runs, and tasks with shipped code, which only an --allow-eval worker runs. A free slot goes to
/// the more urgent of the two heads that may use it, so neither line holds up the other: a shipped-code task with no
/// eval worker free leaves every ordinary task to go on, and a stream of ordinary tasks does not starve it.
/// </summary>
internal sealed partial class Dispatcher
{
    /// <summary>Gives waiting tasks to free workers until no waiting task has a worker free to take it.</summary>
    private void DispatchWaiting(long now)
    {
        while (true)
        {
            var ordinaryWaits = _queue.TryPeek(now, shippedCode: false, out var ordinary, out var ordinaryScore);
            var shippedCanGo = _queue.ShippedCodeCount > 0 && _workers.TryPick(out _, shippedCode: true);
            TaskEntry? shipped = null;
            var shippedScore = double.MinValue;
            if (shippedCanGo)
            {
                _queue.TryPeek(now, shippedCode: true, out shipped, out shippedScore);
            }

            // Every worker full means no eval worker free either (the least-loaded worker is the one with the most room).
            var next = shipped is not null && (!ordinaryWaits || shippedScore > ordinaryScore) ? shipped : ordinaryWaits ? ordinary : null;
            if (next is null || !_workers.TryPick(out var worker, next.NeedsShippedCode))
            {
                return;
            }

            _queue.Remove(next);
            Assign(next, worker, now);
        }
    }
}
