namespace Argon.Worker.Tests;

public sealed class CapacitySharesTests
{
    private static readonly Func<TimeSpan> NoPatience = () => TimeSpan.Zero;

    [Fact]
    public void Join_Alone_RegistersTheWholeCapacity_AndNeverGivesBack()
    {
        var shares = new CapacityShares(4, NoPatience);
        var registered = new List<int>();

        var link = shares.Join(() => 0, registered.Add, _ => Assert.Fail("a lone link is never told a share"));

        Assert.Equal([4], registered);
        Assert.Equal(4, link.Current);
        Assert.Null(shares.GiveBackAfter);
    }

    [Fact]
    public void Join_Second_SplitsAndTellsTheFirstItsNewShare_BeforeTheSecondHearsAnything()
    {
        var shares = new CapacityShares(4, NoPatience);
        var heard = new List<string>();
        shares.Join(() => 4, c => heard.Add($"a register {c}"), c => heard.Add($"a share {c}"));

        shares.Join(() => 0, c => heard.Add($"b register {c}"), c => heard.Add($"b share {c}"));

        Assert.Equal(["a register 4", "a share 2", "b register 2"], heard);
        Assert.Equal(CapacityShares.MinGiveBack, shares.GiveBackAfter);
    }

    [Fact]
    public void Tick_OneManagerIdle_TheOtherGetsAllButOne_AndBackWhenTheLoadReturns()
    {
        var shares = new CapacityShares(4, NoPatience);
        var heldA = 4;
        var heldB = 0;
        var toldA = new List<int>();
        var toldB = new List<int>();
        shares.Join(() => heldA, _ => { }, toldA.Add);
        shares.Join(() => heldB, _ => { }, toldB.Add);

        for (var i = 0; i < 10; i++)
        {
            shares.Tick();
        }

        Assert.Equal([3, 1], shares.Current);
        Assert.Equal(1, toldB[^1]);
        Assert.Equal(3, toldA[^1]);

        heldB = 2; // B's manager has work again: it fills its share (and its prefetch)
        for (var i = 0; i < 10; i++)
        {
            shares.Tick();
        }

        Assert.Equal([2, 2], shares.Current);
    }

    [Fact]
    public void Tick_SendsAShareOnlyWhenItChanges()
    {
        var shares = new CapacityShares(4, NoPatience);
        var told = 0;
        shares.Join(() => 2, _ => { }, _ => told++);
        shares.Join(() => 2, _ => { }, _ => told++);
        var before = told;

        for (var i = 0; i < 20; i++)
        {
            shares.Tick();
        }

        Assert.Equal(before, told);
        Assert.Equal([2, 2], shares.Current);
    }

    [Fact]
    public void Leave_TheRemainingLinkGetsTheWholeCapacity_AndNoGiveBack()
    {
        var shares = new CapacityShares(6, NoPatience);
        var toldA = new List<int>();
        shares.Join(() => 3, _ => { }, toldA.Add);
        var b = shares.Join(() => 3, _ => { }, _ => { });

        shares.Leave(b);

        Assert.Equal(6, toldA[^1]);
        Assert.Null(shares.GiveBackAfter);
    }

    [Fact]
    public void GiveBackAfter_FollowsThePoolsPatience_AboveTheFloor()
    {
        var patience = TimeSpan.FromMilliseconds(10);
        var shares = new CapacityShares(4, () => patience);
        shares.Join(() => 0, _ => { }, _ => { });
        shares.Join(() => 0, _ => { }, _ => { });

        Assert.Equal(CapacityShares.MinGiveBack, shares.GiveBackAfter);
        patience = TimeSpan.FromMilliseconds(400);
        Assert.Equal(TimeSpan.FromMilliseconds(400), shares.GiveBackAfter);
    }
}
