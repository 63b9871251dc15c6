using System.Net.Sockets;
using System.Security.Cryptography;
using Argon.Protocol.Shipping;
using Argon.Shipping;
using MessagePack;

namespace Argon.Client.Tests;

public sealed class ClosureCaptureTests
{
    private readonly int _instanceState = 5;

    public enum Color
    {
        Red = 1,
        Blue = 2,
    }

    [Fact]
    public void Create_CapturedValues_TravelByValueAndReadBackAsTheClosure()
    {
        var number = 7;
        var text = "hello";
        int[] array = [1, 2, 3];
        var record = new Pair("a", 2);
        var list = new List<Pair> { new("x", 1) };
        var map = new Dictionary<string, int[]> { ["k"] = [4, 5] };
        var color = Color.Blue;
        int? maybe = null;
        var tuple = (1, "one");
        Func<int> function = () => number + text.Length + array.Sum() + record.Count + list.Count + map["k"][1] + (int)color + (maybe ?? 0) + tuple.Item1;

        var call = ShippedCall.Create(function, []);

        var closure = ReadClosure(function, call.Payload);
        Assert.Equal(function(), ((Func<int>)Delegate.CreateDelegate(typeof(Func<int>), closure, function.Method))());
        Assert.NotSame(function.Target, closure);
    }

    [Fact]
    public void Create_CapturedSocket_FailsNamingTheFieldAndType()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Func<bool> function = () => socket.Connected;

        var error = Assert.Throws<ArgonClosureException>(() => ShippedCall.Create(function, []));

        Assert.Equal("socket", error.CapturedField);
        Assert.Equal(typeof(Socket).FullName, error.CapturedType);
        Assert.Contains("captured variable 'socket' is a System.Net.Sockets.Socket", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cts")]
    [InlineData("task")]
    [InlineData("inner")]
    [InlineData("lazy")]
    [InlineData("thread")]
    [InlineData("boxed")]
    public void Create_CapturedResourceOrCode_IsRefused(string which)
    {
        using var cts = new CancellationTokenSource();
        var task = Task.FromResult(1);
        Func<int> inner = () => 1;
        var lazy = Enumerable.Range(0, 3).Select(i => i * 2);
        var thread = new Thread(() => { });
        object boxed = 3;
        Func<int> function = which switch
        {
            "cts" => () => cts.IsCancellationRequested ? 1 : 0,
            "task" => () => task.Id,
            "inner" => () => inner(),
            "lazy" => () => lazy.Count(),
            "thread" => () => thread.ManagedThreadId,
            _ => () => boxed.GetHashCode(),
        };

        var error = Assert.Throws<ArgonClosureException>(() => ShippedCall.Create(function, []));

        Assert.Equal(which, error.CapturedField);
    }

    [Fact]
    public void Create_ObjectGraphWithACycle_IsRefused()
    {
        var node = new Node { Name = "a" };
        node.Next = node;
        Func<string> function = () => node.Name;

        var error = Assert.Throws<ArgonClosureException>(() => ShippedCall.Create(function, []));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
        Assert.Equal("node.Next", error.CapturedField);
    }

    [Fact]
    public void Create_SiblingLambdaUsesThis_OnlyTheFieldsThisLambdaUsesTravel()
    {
        var factor = 3;
        Func<int> usesThis = () => _instanceState * factor;
        Func<int> function = () => factor * 2;

        var call = ShippedCall.Create(function, []);

        Assert.Equal(15, usesThis());
        var closure = ReadClosure(function, call.Payload);
        Assert.Equal(6, ((Func<int>)Delegate.CreateDelegate(typeof(Func<int>), closure, function.Method))());
        Assert.Throws<ArgonClosureException>(() => ShippedCall.Create(usesThis, []));
    }

    [Fact]
    public void Create_AsyncLambda_ShipsWhatItsStateMachineUses()
    {
        var factor = 4;
        Func<int, Task<int>> function = async x =>
        {
            await Task.Yield();
            return x * factor;
        };

        var call = ShippedCall.Create(function, [2]);

        var closure = ReadClosure(function, call.Payload);
        Assert.Equal(factor, closure.GetType().GetField("factor")!.GetValue(closure));
    }

    [Fact]
    public void Create_ArgumentThatCannotTravel_FailsNamingTheArgument()
    {
        using var stream = new MemoryStream();
        Func<Stream, long> function = s => s.Length;

        var error = Assert.Throws<ArgonClosureException>(() => ShippedCall.Create(function, [stream]));

        Assert.Equal("argument 1 (s)", error.CapturedField);
    }

    [Fact]
    public void Create_Manifest_IsTheCodesAssemblyByHashWithoutFrameworkOrArgon()
    {
        Func<int> function = () => 1;

        var call = ShippedCall.Create(function, []);

        var root = call.Code.Assemblies[0];
        var self = typeof(ClosureCaptureTests).Assembly;
        Assert.Equal(self.GetName().Name, root.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(self.Location))), root.Hash);
        Assert.Equal(self.ManifestModule.ModuleVersionId, call.Code.ModuleMvid);
        Assert.Equal(function.Method.MetadataToken, call.Code.MethodToken);
        Assert.DoesNotContain(call.Code.Assemblies, a => a.Name.StartsWith("System.", StringComparison.Ordinal) || a.Name is "Argon.Client" or "Argon.Protocol" or "Argon.Abstractions");
        Assert.Contains(call.Code.Assemblies, a => a.Name == "xunit.assert");
        Assert.Same(call.Code.Assemblies, ShippedCall.Create(function, []).Code.Assemblies);
    }

    private static object ReadClosure(Delegate function, byte[] payload)
    {
        var reader = new MessagePackReader(payload);
        Assert.Equal(2, reader.ReadArrayHeader());
        return ShippedValueCodec.Read(ref reader, function.Method.DeclaringType!)!;
    }

    public sealed record Pair(string Name, int Count);

    public sealed class Node
    {
        public string Name { get; set; } = "";

        public Node? Next { get; set; }
    }
}
