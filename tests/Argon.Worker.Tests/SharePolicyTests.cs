namespace Argon.Worker.Tests;

public sealed class SharePolicyTests
{
    [Fact]
    public void Split_OneManager_GetsTheWholeCapacity() =>
        Assert.Equal([8], SharePolicy.Split(8, [new LinkDemand(Held: 0, Share: 1)]));

    [Fact]
    public void Split_NoManager_GivesNothing() => Assert.Empty(SharePolicy.Split(8, []));

    [Fact]
    public void Split_TwoManagersBothUsingAllTheirShare_SplitEvenly() =>
        Assert.Equal([4, 4], SharePolicy.Split(8, [new LinkDemand(Held: 7, Share: 7), new LinkDemand(Held: 1, Share: 1)]));

    [Fact]
    public void Split_OneManagerIdle_TheBusyOneGetsAllButOne() =>
        Assert.Equal([1, 7], SharePolicy.Split(8, [new LinkDemand(Held: 0, Share: 4), new LinkDemand(Held: 4, Share: 4)]));

    [Fact]
    public void Split_AManagerUsingPartOfItsShare_KeepsWhatItNeedsAndTheBusyOneTakesTheRest() =>
        Assert.Equal([3, 5], SharePolicy.Split(8, [new LinkDemand(Held: 2.2, Share: 4), new LinkDemand(Held: 4, Share: 4)]));

    [Fact]
    public void Split_NobodyBusy_SpreadsTheCapacityEvenly() =>
        Assert.Equal([3, 3, 2], SharePolicy.Split(8, [new LinkDemand(0, 3), new LinkDemand(0.3, 3), new LinkDemand(0, 2)]));

    [Fact]
    public void Split_ANewManager_CountsAsBusy() =>
        Assert.Equal([2, 2], SharePolicy.Split(4, [new LinkDemand(Held: 4, Share: 4), new LinkDemand(Held: 0, Share: 0, IsNew: true)]));

    [Fact]
    public void Split_MoreManagersThanExecutors_GivesEachOne() =>
        Assert.Equal([1, 1, 1], SharePolicy.Split(2, [new LinkDemand(5, 1), new LinkDemand(5, 1), new LinkDemand(0, 1)]));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(8, 3)]
    [InlineData(64, 5)]
    public void Split_AlwaysGivesEachAtLeastOne_AndSumsToTheCapacityWhenThereIsEnough(int capacity, int managers)
    {
        var random = new Random(capacity * 31 + managers);
        for (var round = 0; round < 200; round++)
        {
            var links = Enumerable.Range(0, managers)
                .Select(_ => new LinkDemand(random.NextDouble() * capacity, random.Next(1, capacity + 1), random.Next(10) == 0))
                .ToArray();

            var shares = SharePolicy.Split(capacity, links);

            Assert.All(shares, s => Assert.InRange(s, 1, capacity));
            Assert.Equal(Math.Max(capacity, managers), shares.Sum());
        }
    }

    [Fact]
    public void Split_IsStable_WhenTheDemandFollowsTheShares()
    {
        // Two busy managers each hold what they were given: the split does not move.
        var shares = new[] { 5, 3 };
        for (var round = 0; round < 5; round++)
        {
            shares = SharePolicy.Split(8, [new LinkDemand(shares[0], shares[0]), new LinkDemand(shares[1], shares[1])]);
        }

        Assert.Equal([4, 4], shares);
    }
}
