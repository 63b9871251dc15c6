namespace Argon.Client.Tests;

public sealed class FailoverRuleTests
{
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    [InlineData(true, true, true)]
    public void Resubmits_OneManager_OnlyWithReconnectAndRetry_AndWithoutBound(bool retry, bool reconnect, bool expected)
    {
        Assert.Equal(expected, FailoverRule.Resubmits(several: false, retry, reconnect, lost: 1, maxAttempts: 2));
        Assert.Equal(expected, FailoverRule.Resubmits(several: false, retry, reconnect, lost: 50, maxAttempts: 2));
    }

    [Fact]
    public void Resubmits_SeveralManagersWithoutRetry_Never()
    {
        Assert.False(FailoverRule.Resubmits(several: true, retry: false, reconnect: true, lost: 1, maxAttempts: 5));
        Assert.False(FailoverRule.Resubmits(several: true, retry: false, reconnect: false, lost: 1, maxAttempts: 5));
    }

    [Fact]
    public void Resubmits_SeveralManagersWithRetry_WhileLostSubmissionsAreFewerThanTheAttempts()
    {
        // Default MaxAttempts 2: the call moves once; a second loss under it is its outcome.
        Assert.True(FailoverRule.Resubmits(several: true, retry: true, reconnect: false, lost: 1, maxAttempts: 2));
        Assert.False(FailoverRule.Resubmits(several: true, retry: true, reconnect: false, lost: 2, maxAttempts: 2));
        Assert.True(FailoverRule.Resubmits(several: true, retry: true, reconnect: true, lost: 3, maxAttempts: 4));
        Assert.False(FailoverRule.Resubmits(several: true, retry: true, reconnect: true, lost: 1, maxAttempts: 1));
    }
}
