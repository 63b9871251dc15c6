using Argon.Protocol.Messages;

namespace Argon.Manager.Tests;

public sealed class CodeRelayTests
{
    private static readonly CodeReference Code = new()
    {
        Assemblies = [new CodeAssembly { Name = "User", Hash = new string('a', 64), Size = 3 }],
        ModuleMvid = Guid.NewGuid(),
        MethodToken = 0x06000001,
    };

    [Fact]
    public void Assign_CarriesTheSubmitsCodeReference()
    {
        var fixture = new DispatcherFixture();
        var (_, workerSent) = fixture.Worker(capacity: 1, allowEval: true);
        var (client, _) = fixture.Client();

        fixture.Dispatcher.Submit(client, new Submit { Id = 1, TypeName = "f", Kind = TaskKind.Delegate, Payload = new byte[] { 0xC0 }, Code = Code });

        var assign = Assert.Single(workerSent.OfType<Assign>());
        Assert.Same(Code, assign.Code);
        Assert.Equal(TaskKind.Delegate, assign.Kind);
    }

    [Fact]
    public void NeedCodeAndCode_AreRelayedUnderEachPeersOwnTaskId()
    {
        var fixture = new DispatcherFixture();
        var (worker, workerSent) = fixture.Worker(capacity: 1, allowEval: true);
        var (client, clientSent) = fixture.Client();
        fixture.Dispatcher.Submit(client, new Submit { Id = 42, TypeName = "f", Kind = TaskKind.Delegate, Payload = new byte[] { 0xC0 }, Code = Code });
        var managerId = workerSent.OfType<Assign>().Single().Id;

        fixture.Dispatcher.NeedCode(worker, new NeedCode { Id = managerId, Hashes = [Code.Assemblies[0].Hash] });
        var need = Assert.Single(clientSent.OfType<NeedCode>());
        fixture.Dispatcher.Code(client, new Code { Id = need.Id, Hash = need.Hashes[0], Bytes = new byte[] { 1, 2, 3 } });

        Assert.Equal(42, need.Id);
        var code = Assert.Single(workerSent.OfType<Code>());
        Assert.Equal(managerId, code.Id);
        Assert.Equal(new byte[] { 1, 2, 3 }, code.Bytes.ToArray());
    }

    [Fact]
    public void NeedCode_ForATaskTheWorkerDoesNotRun_IsDropped()
    {
        var fixture = new DispatcherFixture();
        var (worker, _) = fixture.Worker(capacity: 1);
        var (client, clientSent) = fixture.Client();
        fixture.Submit(client);

        fixture.Dispatcher.NeedCode(worker, new NeedCode { Id = 999, Hashes = [new string('b', 64)] });
        fixture.Dispatcher.Code(client, new Code { Id = 999, Hash = new string('b', 64) });

        Assert.Empty(clientSent.OfType<NeedCode>());
    }
}
