namespace Argon.Client.Tests;

public sealed class SpreadPolicyTests
{
    [Fact]
    public void Choose_EqualManagers_TakeCallsInTurn()
    {
        SpreadCandidate[] managers = [new(true, 0, 100), new(true, 0, 100), new(true, 0, 100)];
        var counts = new int[3];

        for (var turn = 0; turn < 300; turn++)
        {
            counts[SpreadPolicy.Choose(managers, turn)]++;
        }

        Assert.Equal([100, 100, 100], counts);
    }

    [Fact]
    public void Choose_PlacingCallsOneAfterAnother_KeepsLoadInProportionToCredit()
    {
        SpreadCandidate[] managers = [new(true, 0, 100), new(true, 0, 300)];

        for (var turn = 0; turn < 400; turn++)
        {
            var chosen = SpreadPolicy.Choose(managers, turn);
            managers[chosen] = managers[chosen] with { Load = managers[chosen].Load + 1 };
        }

        Assert.Equal(100, managers[0].Load);
        Assert.Equal(300, managers[1].Load);
    }

    [Fact]
    public void Choose_PrefersTheManagerWithLessLoadForItsCredit()
    {
        SpreadCandidate[] managers = [new(true, 50, 100), new(true, 10, 100)];

        Assert.Equal(1, SpreadPolicy.Choose(managers, 0));
        Assert.Equal(1, SpreadPolicy.Choose(managers, 1));
    }

    [Fact]
    public void Choose_AManagerNotYetGranted_CountsAsCreditOne()
    {
        SpreadCandidate[] managers = [new(true, 0, 0), new(true, 5, 100)];

        Assert.Equal(1, SpreadPolicy.Choose(managers, 0));
        Assert.Equal(0, SpreadPolicy.Choose([new(true, 0, 0), new(true, 5, 0)], 1));
    }

    [Fact]
    public void Choose_NeverPicksAManagerThatTakesNoCalls_HoweverIdle()
    {
        // Lost, reconnecting or draining: its load and credit do not matter.
        SpreadCandidate[] managers = [new(false, 0, 1000), new(true, 999, 1), new(false, 0, 1000)];

        for (var turn = 0; turn < 10; turn++)
        {
            Assert.Equal(1, SpreadPolicy.Choose(managers, turn));
        }
    }

    [Fact]
    public void Choose_WhenNoneTakesCalls_ReturnsMinusOne()
    {
        Assert.Equal(-1, SpreadPolicy.Choose([new(false, 0, 10), new(false, 0, 10)], 7));
        Assert.Equal(-1, SpreadPolicy.Choose([], 0));
    }

    [Fact]
    public void Choose_WithANegativeOrHugeTurn_StaysInRange()
    {
        SpreadCandidate[] managers = [new(true, 0, 1), new(true, 0, 1)];

        Assert.InRange(SpreadPolicy.Choose(managers, int.MinValue), 0, 1);
        Assert.InRange(SpreadPolicy.Choose(managers, int.MaxValue), 0, 1);
    }
}
