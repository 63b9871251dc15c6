namespace Argon.Worker;

/// <summary>
/// The shares of the executors among the managers a worker serves now (<see cref="SharePolicy"/>). A link joins on
/// connecting (it registers its share), leaves when its connection ends, and on every <see cref="Tick"/> each link's
/// holding is sampled into a moving average and the shares computed again; a manager is told its share (Share) only
/// when it changes. Used only by a worker given several managers: alone, a link registers the whole capacity.
/// </summary>
internal sealed class CapacityShares(int capacity, Func<TimeSpan> patience)
{
    /// <summary>How often the shares are computed again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>The weight of the newest sample in a link's average holding: about 0.5–1 s of memory at <see cref="Interval"/>.</summary>
    public const double Smoothing = 0.4;

    /// <summary>The least a task waits for an executor, beside other managers, before it is given back to its own.</summary>
    public static readonly TimeSpan MinGiveBack = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly List<Link> _links = [];
    private volatile int _count;

    /// <summary>
    /// While two or more managers are connected: how long a task may wait for an executor before it is given back
    /// (4 × the average task time, as the pool's own patience, and at least <see cref="MinGiveBack"/>). Null otherwise.
    /// </summary>
    public TimeSpan? GiveBackAfter
    {
        get
        {
            if (_count < 2)
            {
                return null;
            }

            var wait = patience();
            return wait > MinGiveBack ? wait : MinGiveBack;
        }
    }

    /// <summary>The shares now, in the order the links joined (for tests and logs).</summary>
    public int[] Current
    {
        get
        {
            lock (_gate)
            {
                return [.. _links.Select(l => l.Current)];
            }
        }
    }

    /// <summary>
    /// A link connected: the shares are computed with it (taken as wanting a full part), it is registered with its
    /// own through <paramref name="register"/>, and the others are told theirs if they changed. Both callbacks run
    /// under this object's lock, so a link never hears a Share before its Register, nor two out of order.
    /// </summary>
    public Link Join(Func<int> held, Action<int> register, Action<int> update)
    {
        lock (_gate)
        {
            var link = new Link(held, update) { IsNew = true };
            _links.Add(link);
            _count = _links.Count;
            Apply(except: link);
            link.IsNew = false;
            link.Held = link.Current; // taken as using its part until its holding says otherwise
            register(link.Current);
            return link;
        }
    }

    /// <summary>A link's connection ended: the others share its part.</summary>
    public void Leave(Link link)
    {
        lock (_gate)
        {
            if (_links.Remove(link))
            {
                _count = _links.Count;
                Apply(except: null);
            }
        }
    }

    /// <summary>Samples what each link holds and tells each manager whose share changed.</summary>
    public void Tick()
    {
        lock (_gate)
        {
            foreach (var link in _links)
            {
                link.Held += Smoothing * (link.Sample() - link.Held);
            }

            Apply(except: null);
        }
    }

    private void Apply(Link? except)
    {
        var demand = new LinkDemand[_links.Count];
        for (var i = 0; i < demand.Length; i++)
        {
            demand[i] = new LinkDemand(_links[i].Held, _links[i].Current, _links[i].IsNew);
        }

        var shares = SharePolicy.Split(capacity, demand);
        for (var i = 0; i < shares.Length; i++)
        {
            var link = _links[i];
            if (link.Current != shares[i])
            {
                link.Current = shares[i];
                if (!ReferenceEquals(link, except))
                {
                    link.Update(shares[i]);
                }
            }
        }
    }

    /// <summary>One connected manager's place in the shares.</summary>
    public sealed class Link(Func<int> sample, Action<int> update)
    {
        public int Current { get; set; }

        internal double Held { get; set; }

        internal bool IsNew { get; set; }

        internal Func<int> Sample { get; } = sample;

        internal Action<int> Update { get; } = update;
    }
}
