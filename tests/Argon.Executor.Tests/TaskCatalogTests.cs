using Argon.Protocol.Messages;
using Argon.Samples;

namespace Argon.Executor.Tests;

public sealed class TaskCatalogTests
{
    private static readonly string SamplesPath = typeof(Add).Assembly.Location;

    [Fact]
    public void AddAssembly_FindsTheSampleTasks()
    {
        var catalog = new TaskCatalog();

        catalog.AddAssembly(typeof(Add).Assembly);

        Assert.True(catalog.TryResolve("Argon.Samples.Add", out var add));
        Assert.Equal(typeof(Add), add.Type);
        Assert.Equal(typeof(int), add.ResultType);
        Assert.True(catalog.TryResolve("Argon.Samples.Sleep", out var sleep));
        Assert.Equal(typeof(int), sleep.ResultType);
        Assert.True(catalog.TryResolve("Argon.Samples.WordCount", out var wordCount));
        Assert.Equal(typeof(Dictionary<int, int>), wordCount.ResultType);
        Assert.True(catalog.TryResolve("Argon.Samples.Fail", out _));
        Assert.True(catalog.TryResolve("Argon.Samples.Echo", out _));
        Assert.True(catalog.TryResolve("Argon.Samples.CountPrimes", out _));
    }

    [Fact]
    public void AddAssembly_SkipsTypesThatAreNotPublicConcreteTasks()
    {
        var catalog = new TaskCatalog();

        catalog.AddAssembly(typeof(TaskCatalogTests).Assembly);

        Assert.True(catalog.TryResolve(typeof(Multiply).FullName!, out _));
        Assert.False(catalog.TryResolve(typeof(AbstractTask).FullName!, out _));
        Assert.False(catalog.TryResolve(typeof(HiddenTask).FullName!, out _));
        Assert.False(catalog.TryResolve(typeof(GenericTask<>).FullName!, out _));
        Assert.False(catalog.TryResolve(typeof(TaskCatalogTests).FullName!, out _));
    }

    [Theory]
    [InlineData("System.String")]
    [InlineData("System.IO.File")]
    [InlineData("Argon.Samples.add")]
    [InlineData("Add")]
    [InlineData("")]
    public void TryResolve_WhenTypeIsNotACatalogedTask_ReturnsFalse(string typeName)
    {
        var catalog = new TaskCatalog();
        catalog.AddAssembly(typeof(Add).Assembly);

        Assert.False(catalog.TryResolve(typeName, out _));
    }

    [Fact]
    public void Load_WhenGivenTheSamplesFolder_FindsTheTasks()
    {
        var catalog = TaskCatalog.Load([Path.GetDirectoryName(SamplesPath)!]);

        Assert.True(catalog.TryResolve("Argon.Samples.Add", out var add));
        Assert.True(catalog.TryResolve("Argon.Samples.CountPrimes", out _));
        Assert.Equal(typeof(int), add.ResultType);
        Assert.Equal([Path.GetDirectoryName(SamplesPath)!], catalog.Sources);
    }

    [Fact]
    public void Load_WhenFolderHoldsATaskLibraryWithItsDependencies_FindsTheTasks()
    {
        // What `dotnet publish` of a task library gives: the library next to Argon.Abstractions.dll.
        var folder = Directory.CreateTempSubdirectory("argon-tasks-");
        try
        {
            File.Copy(SamplesPath, Path.Combine(folder.FullName, Path.GetFileName(SamplesPath)));
            var abstractions = typeof(ITask<>).Assembly.Location;
            File.Copy(abstractions, Path.Combine(folder.FullName, Path.GetFileName(abstractions)));

            var catalog = TaskCatalog.Load([folder.FullName]);

            Assert.True(catalog.TryResolve("Argon.Samples.Add", out _));
            Assert.Equal(SamplesCatalog().Count, catalog.Count);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_WhenGivenTheSamplesFile_FindsTheTasks()
    {
        var catalog = TaskCatalog.Load([SamplesPath]);

        Assert.True(catalog.TryResolve("Argon.Samples.Add", out _));
        Assert.Equal(SamplesCatalog().Count, catalog.Count);
    }

    [Fact]
    public async Task Load_ThenInvoke_RunsTheLoadedTask()
    {
        var catalog = TaskCatalog.Load([Path.GetDirectoryName(SamplesPath)!]);
        var invoker = new TaskInvoker(catalog, "node-1");

        var outcome = await invoker.InvokeAsync(
            "Argon.Samples.Add", TaskKind.Instance, TaskSerializer.Serialize(typeof(Add), new Add(4, 7)), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(11, TaskSerializer.Deserialize(typeof(int), outcome.Payload));
    }

    [Fact]
    public void Load_WhenPathDoesNotExist_ThrowsFileNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"argon-missing-{Guid.NewGuid():N}", "Tasks.dll");

        var error = Assert.Throws<FileNotFoundException>(() => TaskCatalog.Load([missing]));

        Assert.Equal(missing, error.FileName);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static TaskCatalog SamplesCatalog()
    {
        var catalog = new TaskCatalog();
        catalog.AddAssembly(typeof(Add).Assembly);
        return catalog;
    }
}

public sealed class Multiply(int x, int y) : ITask<int>
{
    public int Run() => x * y;
}

public abstract class AbstractTask : ITask<int>
{
    public abstract int Run();
}

public sealed class GenericTask<T> : ITask<T>
{
    public T Run() => default!;
}

internal sealed class HiddenTask : ITask<int>
{
    public int Run() => 0;
}
