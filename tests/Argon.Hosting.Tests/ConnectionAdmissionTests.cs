using System.Net;

namespace Argon.Hosting.Tests;

public sealed class ConnectionAdmissionTests
{
    private static readonly IPAddress First = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Second = IPAddress.Parse("10.0.0.2");

    private static ConnectionAdmission Admission(int total = 10, int perAddress = 3, int authenticatedPerAddress = 5) => new(new ConnectionLimits
    {
        MaxUnauthenticated = total,
        MaxUnauthenticatedPerAddress = perAddress,
        MaxAuthenticatedPerAddress = authenticatedPerAddress,
    });

    private static AdmissionTicket Admit(ConnectionAdmission admission, IPAddress address) =>
        admission.TryAdmit(address, out var refusal) ?? throw new InvalidOperationException($"refused: {refusal}");

    [Fact]
    public void TryAdmit_UnderTheLimits_CountsTheConnectionAsUnauthenticated()
    {
        var admission = Admission();

        var ticket = admission.TryAdmit(First, out var refusal);

        Assert.NotNull(ticket);
        Assert.Equal(AdmissionRefusal.None, refusal);
        Assert.Equal(1, admission.Unauthenticated);
        Assert.Equal((1, 0), admission.CountsOf(First));
    }

    [Fact]
    public void TryAdmit_OverThePerAddressLimit_RefusesThatAddressOnly()
    {
        var admission = Admission(perAddress: 2);
        Admit(admission, First);
        Admit(admission, First);

        Assert.Null(admission.TryAdmit(First, out var refusal));
        Assert.Equal(AdmissionRefusal.UnauthenticatedPerAddress, refusal);
        Assert.NotNull(admission.TryAdmit(Second, out _));
        Assert.Equal((2, 0), admission.CountsOf(First));
    }

    [Fact]
    public void TryAdmit_OverTheTotalLimit_RefusesEveryAddress()
    {
        var admission = Admission(total: 4, perAddress: 2);
        for (var i = 1; i <= 4; i++)
        {
            Admit(admission, IPAddress.Parse($"10.0.1.{i}"));
        }

        Assert.Null(admission.TryAdmit(First, out var refusal));
        Assert.Equal(AdmissionRefusal.UnauthenticatedTotal, refusal);
        Assert.Equal(4, admission.Unauthenticated);
        Assert.Equal(4, admission.Addresses);
    }

    [Fact]
    public void TryAuthenticate_MovesTheConnectionToTheAuthenticatedCount_AndFreesItsUnauthenticatedPlace()
    {
        var admission = Admission(total: 1, perAddress: 1);
        var ticket = Admit(admission, First);
        Assert.Null(admission.TryAdmit(Second, out _));

        Assert.Equal(AdmissionRefusal.None, admission.TryAuthenticate(ticket));

        Assert.Equal(0, admission.Unauthenticated);
        Assert.Equal((0, 1), admission.CountsOf(First));
        Assert.NotNull(admission.TryAdmit(Second, out _));
        Assert.Null(admission.TryAdmit(IPAddress.Parse("10.0.0.3"), out var refusal));
        Assert.Equal(AdmissionRefusal.UnauthenticatedTotal, refusal);
    }

    [Fact]
    public void TryAdmit_FromAnAddressAtItsAuthenticatedLimit_IsRefusedBeforeAnyHandshake()
    {
        var admission = Admission(authenticatedPerAddress: 2);
        admission.TryAuthenticate(Admit(admission, First));
        admission.TryAuthenticate(Admit(admission, First));

        Assert.Null(admission.TryAdmit(First, out var refusal));
        Assert.Equal(AdmissionRefusal.AuthenticatedPerAddress, refusal);
        Assert.NotNull(admission.TryAdmit(Second, out _));
    }

    [Fact]
    public void TryAuthenticate_WhenTheAddressReachedItsAuthenticatedLimitMeanwhile_RefusesAndKeepsTheConnectionUnauthenticated()
    {
        var admission = Admission(authenticatedPerAddress: 1);
        var early = Admit(admission, First);
        var late = Admit(admission, First);
        Assert.Equal(AdmissionRefusal.None, admission.TryAuthenticate(early));

        Assert.Equal(AdmissionRefusal.AuthenticatedPerAddress, admission.TryAuthenticate(late));

        Assert.Equal((1, 1), admission.CountsOf(First));
        late.Dispose();
        Assert.Equal((0, 1), admission.CountsOf(First));
    }

    [Fact]
    public void Release_OfTheLastConnection_ForgetsTheAddress()
    {
        var admission = Admission();
        var unauthenticated = Admit(admission, First);
        var authenticated = Admit(admission, First);
        admission.TryAuthenticate(authenticated);

        unauthenticated.Dispose();
        authenticated.Dispose();

        Assert.Equal(0, admission.Addresses);
        Assert.Equal(0, admission.Unauthenticated);
    }

    [Fact]
    public void Release_Twice_GivesThePlaceBackOnce()
    {
        var admission = Admission();
        var ticket = Admit(admission, First);
        var other = Admit(admission, First);

        ticket.Dispose();
        ticket.Dispose();

        Assert.Equal((1, 0), admission.CountsOf(First));
        other.Dispose();
        Assert.Equal(0, admission.Unauthenticated);
    }

    [Fact]
    public void KeyOf_IPv6_CountsTheWhole64Prefix_AndIPv4MappedAsIPv4()
    {
        var admission = Admission(perAddress: 2);
        Admit(admission, IPAddress.Parse("2001:db8:1:2::1"));
        Admit(admission, IPAddress.Parse("2001:db8:1:2:ffff::9"));

        Assert.Null(admission.TryAdmit(IPAddress.Parse("2001:db8:1:2:abcd::1"), out _));
        Assert.NotNull(admission.TryAdmit(IPAddress.Parse("2001:db8:1:3::1"), out _));
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ConnectionAdmission.KeyOf(IPAddress.Parse("::ffff:10.0.0.1")));
        Assert.Equal(IPAddress.None, ConnectionAdmission.KeyOf(null));
    }

    [Fact]
    public async Task TryAdmit_FromManyThreadsAtOnce_NeverPassesTheLimit_AndEndsAtZero()
    {
        const int limit = 50;
        var admission = Admission(total: limit, perAddress: limit, authenticatedPerAddress: 1_000_000);
        var peak = 0;
        var workers = Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            var address = IPAddress.Parse($"10.0.2.{thread % 3}");
            for (var i = 0; i < 20_000; i++)
            {
                var ticket = admission.TryAdmit(address, out _);
                if (ticket is null)
                {
                    continue;
                }

                InterlockedMax(ref peak, admission.Unauthenticated);
                if (i % 2 == 0)
                {
                    admission.TryAuthenticate(ticket);
                }

                ticket.Dispose();
            }
        }));

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(peak, 1, limit);
        Assert.Equal(0, admission.Unauthenticated);
        Assert.Equal(0, admission.Addresses);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var actual && actual != seen)
        {
            seen = actual;
        }
    }
}
