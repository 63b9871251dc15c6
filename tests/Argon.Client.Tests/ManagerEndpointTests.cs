namespace Argon.Client.Tests;

public sealed class ManagerEndpointTests
{
    [Fact]
    public void FromOptions_WithoutManagers_UsesHostAndPortUnchecked()
    {
        var endpoints = ManagerEndpoint.FromOptions(new ArgonClientOptions { Host = "example.test", Port = 9000 });

        Assert.Equal([new ManagerEndpoint("example.test", 9000)], endpoints);
    }

    [Fact]
    public void FromOptions_WithManagers_UsesThemInOrderInsteadOfHostAndPort()
    {
        var endpoints = ManagerEndpoint.FromOptions(new ArgonClientOptions { Host = "ignored", Port = 1, Managers = ["a.test:8000", " 10.0.0.2:8001 ", "[::1]:8002"] });

        Assert.Equal([new ManagerEndpoint("a.test", 8000), new ManagerEndpoint("10.0.0.2", 8001), new ManagerEndpoint("::1", 8002)], endpoints);
        Assert.Equal("[::1]:8002", endpoints[2].ToString());
        Assert.Equal("a.test:8000", endpoints[0].ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("a.test")]
    [InlineData("a.test:")]
    [InlineData(":8000")]
    [InlineData("a.test:port")]
    [InlineData("a.test:0")]
    [InlineData("a.test:65536")]
    [InlineData("a.test:-1")]
    [InlineData("::1:8000")]
    [InlineData("a test:8000")]
    public void FromOptions_WithABadEntry_ThrowsArgumentExceptionNamingIt(string entry)
    {
        var options = new ArgonClientOptions { Managers = ["good.test:8000", entry] };

        var error = Assert.Throws<ArgumentException>(() => ManagerEndpoint.FromOptions(options));

        Assert.Contains($"\"{entry}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Managers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromOptions_WithAManagerGivenTwice_ThrowsNamingIt()
    {
        var options = new ArgonClientOptions { Managers = ["a.test:8000", "b.test:8000", "a.test:8000"] };

        var error = Assert.Throws<ArgumentException>(() => ManagerEndpoint.FromOptions(options));

        Assert.Contains("\"a.test:8000\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_WithABadEntry_ThrowsArgumentExceptionBeforeConnecting()
    {
        var options = new ArgonClientOptions { Managers = ["127.0.0.1:1", "nonsense"], KeyFile = "/nonexistent/key" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => ArgonClient.ConnectAsync(options));

        Assert.Contains("\"nonsense\"", error.Message, StringComparison.Ordinal);
    }
}
