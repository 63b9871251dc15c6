namespace Argon.Worker.Execution;

/// <summary>
/// How many tasks one executor holds (one running, the rest queued inside it), from the moving average of how long
/// its tasks run. Tiny tasks get a deep queue, so an executor runs many of them for each wake-up and never idles
/// waiting for the worker between two; tasks of a millisecond or more get one queued behind the running one, which
/// is enough to hide the hand-over and parks nothing behind a long task. Until a task time is known, the minimum.
/// </summary>
internal sealed class PipelineDepthPolicy
{
    /// <summary>The depth for tasks of unknown or long duration: the running one and the next.</summary>
    public const int MinDepth = 2;

    /// <summary>
    /// The deepest an executor's queue gets, for tasks far shorter than <see cref="Window"/>; well within what an
    /// executor accepts (<see cref="Protocol.ProtocolConstants.MaxExecutorQueue"/>).
    /// </summary>
    public const int MaxDepth = 8;

    /// <summary>How much work an executor should hold queued: about a worker–executor round trip on a busy machine.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(2);

    /// <summary>The least a task waits behind a running one, while an executor is idle, before it is given back.</summary>
    public static readonly TimeSpan MinPatience = TimeSpan.FromMilliseconds(5);

    private const double Smoothing = 0.2;
    private readonly Lock _gate = new();
    private double? _averageMs;

    /// <summary>
    /// How long a running task may run before the tasks queued behind it are better given back to an idle executor:
    /// 4 × the average task time, at least <see cref="MinPatience"/>. Shorter, and tiny tasks would bounce each
    /// time an executor drains a moment before its sibling; a task this much longer than usual is a long one.
    /// </summary>
    public TimeSpan Patience
    {
        get
        {
            lock (_gate)
            {
                var fourTimes = TimeSpan.FromMilliseconds(4 * (_averageMs ?? 0));
                return fourTimes > MinPatience ? fourTimes : MinPatience;
            }
        }
    }

    /// <summary>One task ran for <paramref name="runTime"/>; returns the depth that follows.</summary>
    public int Observe(TimeSpan runTime)
    {
        var ms = Math.Max(runTime.TotalMilliseconds, 0);
        double averageMs;
        lock (_gate)
        {
            averageMs = (_averageMs = _averageMs is { } average ? average + Smoothing * (ms - average) : ms).Value;
        }

        return (int)Math.Clamp(Math.Floor(Window.TotalMilliseconds / Math.Max(averageMs, 0.001)), MinDepth, MaxDepth);
    }
}
