using System.Runtime.CompilerServices;
using Argon.Executor.Shipping;
using Argon.Protocol.Messages;
using MessagePack;

namespace Argon.Executor.Tests;

public sealed class ShippedCodeTests : IDisposable
{
    private readonly ShippedCodeFiles _files = new();

    [Fact]
    public async Task InvokeAsync_Delegate_RunsFromTheShippedAssembly()
    {
        var invoker = new TaskInvoker(new TaskCatalog(), "node-1", new ShippedCodeStore(_files.Directory));

        var outcome = await invoker.InvokeAsync("Calc.Apply", TaskKind.Delegate, ShippedCodeFiles.Payload(5), _files.Add(7), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Succeeded, outcome.Status);
        Assert.Equal(5007, MessagePackSerializer.Deserialize<int>(outcome.Payload));
    }

    [Fact]
    public async Task InvokeAsync_TwoBuildsOfOneAssemblyName_DoNotCollide()
    {
        var store = new ShippedCodeStore(_files.Directory);
        var invoker = new TaskInvoker(new TaskCatalog(), "node-1", store);
        var first = _files.Add(1);
        var second = _files.Add(2);

        var a = await invoker.InvokeAsync("Calc.Apply", TaskKind.Delegate, ShippedCodeFiles.Payload(3), first, CancellationToken.None);
        var b = await invoker.InvokeAsync("Calc.Apply", TaskKind.Delegate, ShippedCodeFiles.Payload(3), second, CancellationToken.None);

        Assert.Equal(3001, MessagePackSerializer.Deserialize<int>(a.Payload));
        Assert.Equal(3002, MessagePackSerializer.Deserialize<int>(b.Payload));
        Assert.Equal(2, store.Live);
    }

    [Fact]
    public async Task InvokeAsync_WithoutAShippedCodeStore_RefusesDelegatesNamingAllowEval()
    {
        var invoker = new TaskInvoker(new TaskCatalog(), "node-1");

        var outcome = await invoker.InvokeAsync("Calc.Apply", TaskKind.Delegate, ShippedCodeFiles.Payload(5), _files.Add(7), CancellationToken.None);

        Assert.Equal(OutcomeStatus.Failed, outcome.Status);
        Assert.Contains("--allow-eval", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_PastMaxContexts_UnloadsTheLeastRecentlyUsed()
    {
        var store = new ShippedCodeStore(_files.Directory, maxContexts: 2);
        var codes = Enumerable.Range(1, 3).Select(_files.Add).ToArray();

        var first = LoadAndRun(store, codes[0]);
        LoadAndRun(store, codes[1]);
        LoadAndRun(store, codes[2]);

        Assert.Equal(2, store.Live);
        for (var i = 0; i < 20 && first.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(first.IsAlive, "the evicted context was not collected: something still holds its types");
    }

    public void Dispose() => _files.Dispose();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndRun(ShippedCodeStore store, CodeReference code)
    {
        var context = store.Get(code);
        var (method, target, args) = DelegateRunner.Rebuild(context, code, ShippedCodeFiles.Payload(1));
        Assert.Equal(1000 + 0, (int)method.Invoke(target, args)! / 1000 * 1000);
        return new WeakReference(context.Context);
    }
}
