using Argon.Manager.Http;

namespace Argon.Manager.Scheduling;

internal sealed partial class Dispatcher
{
    private ManagerMetrics? _metrics;

    /// <summary>
    /// Counts what happens into <paramref name="metrics"/> from now on (the host sets this once, at construction);
    /// null when the manager serves no metrics.
    /// </summary>
    public Dispatcher WithMetrics(ManagerMetrics? metrics)
    {
        _metrics = metrics;
        return this;
    }
}
