using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests;

/// <summary>
/// By name, only task classes from the loaded assemblies can run: an unknown name fails with an error naming it and
/// --load, and framework types are never constructed (DESIGN.md §3; docs/operations.md, Worker), as an ArgonUnknownTaskTypeException (DESIGN.md §10).
/// </summary>
[Collection(ExecutorCollection.Name)]
public sealed class UnknownTaskTypeTests(ExecutorClusterFixture fixture)
{
    [Fact]
    public async Task ByName_UnknownType_FailsNamingTheTypeAndLoad()
    {
        var error = await Assert.ThrowsAsync<ArgonUnknownTaskTypeException>(() => fixture.Client.QueueAsync("No.Such.Task").WaitAsync(Limits.Call));

        Assert.Equal("No.Such.Task", error.TypeName);
        Assert.Contains("/executor-", error.Node, StringComparison.Ordinal);
        Assert.Contains("'No.Such.Task'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--load", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.IO.File")]
    [InlineData("System.Diagnostics.Process")]
    public async Task ByName_FrameworkType_FailsAsUnknownTaskType(string typeName)
    {
        var before = await fixture.FullPoolAsync();

        var error = await Assert.ThrowsAsync<ArgonUnknownTaskTypeException>(() => fixture.Client.QueueAsync(typeName).WaitAsync(Limits.Call));

        Assert.Contains($"Unknown task type '{typeName}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ITask<T>", error.Message, StringComparison.Ordinal);
        Assert.True(before.SetEquals(ExecutorProcesses.Of(fixture.Worker)), "a refused type name disturbed the executors");
    }

    [Fact]
    public async Task ByName_FileStreamWithAPath_IsNotConstructed()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "created-by-a-task-name");

        // FileStream(string path, FileMode mode) with FileMode.CreateNew (1): constructing it would create the file.
        var error = await Assert.ThrowsAsync<ArgonUnknownTaskTypeException>(() => fixture.Client.QueueAsync("System.IO.FileStream", path, 1).WaitAsync(Limits.Call));

        Assert.Contains("Unknown task type 'System.IO.FileStream'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path), "the worker constructed a FileStream from a type name");
    }
}
