namespace Argon.MultiHostTests.Cluster;

/// <summary>Checks on the outcomes in client ledgers.</summary>
internal static class LedgerAssert
{
    /// <summary>
    /// Every id in <paramref name="expected"/> has exactly one outcome, and it is the right result: no call without an
    /// outcome, none with two, no failure, no wrong value (a result delivered to the wrong call), no unknown id.
    /// </summary>
    public static void EachCallOnceWithItsResult(IReadOnlyList<Outcome> outcomes, IEnumerable<int> expected)
    {
        var ids = expected.ToHashSet();
        var byId = outcomes.GroupBy(o => o.Id).ToDictionary(g => g.Key, g => g.ToList());
        var missing = ids.Where(id => !byId.ContainsKey(id)).Order().ToList();
        var duplicated = byId.Where(p => p.Value.Count > 1).Select(p => p.Key).Order().ToList();
        var unknown = byId.Keys.Where(id => !ids.Contains(id)).Order().ToList();
        var bad = outcomes.Where(o => !o.IsOk).ToList();
        Assert.True(missing.Count == 0 && duplicated.Count == 0 && unknown.Count == 0 && bad.Count == 0,
            $"{outcomes.Count} outcomes for {ids.Count} calls: {missing.Count} without an outcome [{Sample(missing)}], " +
            $"{duplicated.Count} with more than one [{Sample(duplicated)}], {unknown.Count} never submitted [{Sample(unknown)}], " +
            $"{bad.Count} not ok [{string.Join("; ", bad.Take(5).Select(o => $"{o.Id}: {o.Text}"))}]");
    }

    private static string Sample(List<int> ids) => string.Join(", ", ids.Take(10)) + (ids.Count > 10 ? ", ..." : "");
}
