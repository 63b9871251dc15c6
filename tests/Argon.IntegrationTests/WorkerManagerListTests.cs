using Argon.Cli;
using Argon.Cli.Options;
using Argon.IntegrationTests.Infrastructure;
using Argon.Worker;

namespace Argon.IntegrationTests;

/// <summary>`argon worker --manager`: repeated, comma-separated, or both; duplicates and bad entries are usage errors.</summary>
public sealed class WorkerManagerListTests
{
    [Fact]
    public void Parse_RepeatedAndCommaSeparated_KeepsTheOrder() =>
        Assert.Equal(
            [new ManagerEndpoint("a", 8000), new ManagerEndpoint("b", 8001), new ManagerEndpoint("c", 8002)],
            ManagerList.Parse(["a:8000", "b:8001, c:8002"]));

    [Fact]
    public void Parse_One_IsOne() => Assert.Equal([new ManagerEndpoint("mgrhost", 8000)], ManagerList.Parse(["mgrhost:8000"]));

    [Fact]
    public void Parse_None_IsEmpty() => Assert.Empty(ManagerList.Parse([]));

    [Theory]
    [InlineData("a:8000", "a:8000")]
    [InlineData("a:8000,b:1", "A:8000")]
    public void Parse_TheSameManagerTwice_IsAUsageError(string first, string second)
    {
        var error = Assert.Throws<CommandLineException>(() => ManagerList.Parse([first, second]));
        Assert.Contains("given twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("a:8000,b")]
    [InlineData("a:0")]
    public void Parse_NotHostPort_IsAUsageError(string value)
    {
        var error = Assert.Throws<CommandLineException>(() => ManagerList.Parse([value]));
        Assert.Contains("is not HOST:PORT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_GivenTheSameManagerTwice_ExitsWithAUsageError()
    {
        using var temp = new TempDirectory();
        var key = temp.WriteRandomKey("key");

        var (exitCode, lines) = await CommandRun.RunAsync(
            "worker", "--manager", "127.0.0.1:1", "--manager", "127.0.0.1:2,127.0.0.1:1", "--capacity", "1", "--key", key);

        CommandRun.AssertConfigurationError(exitCode, lines, "--manager", "127.0.0.1:1", "given twice");
    }
}
