using System.Net;

namespace Argon.Hosting;

/// <summary>One admitted connection's place in the <see cref="ConnectionAdmission"/> counts; disposing it gives the place back.</summary>
internal sealed class AdmissionTicket(ConnectionAdmission owner, IPAddress address) : IDisposable
{
    /// <summary>The address it is counted under (an IPv6 address cut to its /64 prefix).</summary>
    public IPAddress Address { get; } = address;

    /// <summary>Set by the owner, under its lock.</summary>
    internal AdmissionState State { get; set; } = AdmissionState.Unauthenticated;

    public void Dispose() => owner.Release(this);
}

internal enum AdmissionState
{
    Unauthenticated,
    Authenticated,
    Released,
}
