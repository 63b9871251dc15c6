namespace Argon.Hosting.Tests;

public sealed class LogBudgetTests
{
    [Fact]
    public void TryTake_PastTheBudget_HoldsLinesBackAndCountsThemIntoTheNextPeriodsFirstLine()
    {
        var now = 0L;
        var budget = new LogBudget(2, TimeSpan.FromSeconds(10), () => now);

        Assert.True(budget.TryTake(out var first));
        Assert.True(budget.TryTake(out _));
        Assert.False(budget.TryTake(out _));
        Assert.False(budget.TryTake(out _));
        Assert.Equal(0, first);

        now += 10_000;
        Assert.True(budget.TryTake(out var heldBack));
        Assert.Equal(2, heldBack);
        Assert.True(budget.TryTake(out var next));
        Assert.Equal(0, next);
    }
}
