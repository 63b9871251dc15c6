namespace Argon;

/// <summary>What the spreading rule knows of one manager: whether it takes new calls, how many it holds, its credit.</summary>
internal readonly record struct SpreadCandidate(bool TakesCalls, int Load, int Credit);

/// <summary>
/// Where a client with several managers sends its next call: to the manager that takes calls and would be least
/// loaded with it, counting load against that manager's credit ((calls + 1) ÷ credit; no credit yet counts as 1).
/// Ties go round: the search starts at <c>turn</c>, so equal managers take calls in turn. A manager that is lost,
/// reconnecting or draining takes none.
/// </summary>
internal static class SpreadPolicy
{
    /// <summary>The index of the manager for the next call, or -1 when none takes calls.</summary>
    public static int Choose(ReadOnlySpan<SpreadCandidate> candidates, int turn)
    {
        var best = -1;
        for (var k = 0; k < candidates.Length; k++)
        {
            var i = (int)((uint)(turn + k) % (uint)candidates.Length);
            if (candidates[i].TakesCalls && (best < 0 || Lighter(candidates[i], candidates[best])))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>(a.Load + 1) ÷ a.Credit &lt; (b.Load + 1) ÷ b.Credit, without division.</summary>
    private static bool Lighter(SpreadCandidate a, SpreadCandidate b) =>
        (a.Load + 1L) * Math.Max(1, b.Credit) < (b.Load + 1L) * Math.Max(1, a.Credit);
}
