namespace Argon.Worker;

/// <summary>
/// How a worker's executors are shared between the managers it serves (docs/decisions.md, "Capacity shares between
/// managers"). Every manager gets at least one. A manager that uses all of its share (it holds at least as many tasks
/// as it may run) could use more, and is called saturated; one that does not needs only what it holds. The rest is
/// filled like water: first up to what each unsaturated manager needs, without limit for the saturated ones, always
/// to the manager with the smallest share so far; what nobody claims is spread the same way, so the shares always
/// add up to the capacity (unless the managers outnumber the executors: then each gets 1). Pure and deterministic.
/// </summary>
internal static class SharePolicy
{
    /// <summary>How far below its share a manager's average holding may stay and still count as using all of it.</summary>
    public const double SaturationMargin = 0.5;

    /// <summary>The shares of <paramref name="capacity"/> executors, in the order of <paramref name="links"/>.</summary>
    public static int[] Split(int capacity, ReadOnlySpan<LinkDemand> links)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var shares = new int[links.Length];
        if (links.Length == 0)
        {
            return shares;
        }

        if (links.Length == 1)
        {
            shares[0] = capacity;
            return shares;
        }

        Array.Fill(shares, 1);
        var remaining = capacity - links.Length;
        if (remaining <= 0)
        {
            return shares;
        }

        var claims = new int[links.Length];
        for (var i = 0; i < links.Length; i++)
        {
            claims[i] = IsSaturated(links[i]) ? int.MaxValue : Math.Max(0, (int)Math.Ceiling(links[i].Held) - 1);
        }

        // First what is claimed, then what nobody claimed; each unit to the smallest share among those who may take it.
        remaining = Fill(shares, remaining, i => claims[i] > 0, i => claims[i]--);
        Fill(shares, remaining, _ => true, _ => { });
        return shares;
    }

    /// <summary>Whether the link's manager used all of its share: it could use more.</summary>
    public static bool IsSaturated(LinkDemand link) => link.IsNew || link.Held + SaturationMargin >= link.Share;

    private static int Fill(int[] shares, int remaining, Func<int, bool> mayTake, Action<int> took)
    {
        while (remaining > 0)
        {
            var smallest = -1;
            for (var i = 0; i < shares.Length; i++)
            {
                if (mayTake(i) && (smallest < 0 || shares[i] < shares[smallest]))
                {
                    smallest = i;
                }
            }

            if (smallest < 0)
            {
                break;
            }

            shares[smallest]++;
            took(smallest);
            remaining--;
        }

        return remaining;
    }
}

/// <summary>
/// What one manager's link shows of its demand: <paramref name="Held"/>, the tasks it held on this worker (running or
/// waiting for an executor) on a recent average; <paramref name="Share"/>, its share now; <paramref name="IsNew"/>, just
/// connected (its demand not known yet: taken as saturated, so a manager that comes with load gets its part at once).
/// </summary>
internal readonly record struct LinkDemand(double Held, int Share, bool IsNew = false);
