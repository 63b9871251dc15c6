using System.Net;
using System.Net.Sockets;

namespace Argon.Hosting;

/// <summary>
/// Counts a server's connections, unauthenticated in all and per address, authenticated per address, and says
/// whether one more may come in. Every operation is O(1) under one short lock; an address's entry lives only while
/// it has connections, so the table is never bigger than the connections it counts.
/// </summary>
internal sealed class ConnectionAdmission(ConnectionLimits limits)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, AddressCounts> _addresses = [];
    private int _unauthenticated;

    public ConnectionLimits Limits => limits;

    /// <summary>Connections admitted and not yet authenticated, from every address.</summary>
    public int Unauthenticated
    {
        get
        {
            lock (_lock)
            {
                return _unauthenticated;
            }
        }
    }

    /// <summary>Addresses that hold at least one connection.</summary>
    public int Addresses
    {
        get
        {
            lock (_lock)
            {
                return _addresses.Count;
            }
        }
    }

    /// <summary>The key a remote address is counted under: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 prefix.</summary>
    public static IPAddress KeyOf(IPAddress? remote)
    {
        if (remote is null)
        {
            return IPAddress.None;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4();
        }

        if (remote.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return remote;
        }

        // One host usually owns a whole /64, so counting each of its addresses apart would not limit it at all.
        Span<byte> bytes = stackalloc byte[16];
        remote.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>A ticket counting a new connection as unauthenticated, or null and the limit it ran into.</summary>
    public AdmissionTicket? TryAdmit(IPAddress? remote, out AdmissionRefusal refusal)
    {
        var key = KeyOf(remote);
        lock (_lock)
        {
            _addresses.TryGetValue(key, out var counts);
            refusal = counts?.Authenticated >= limits.MaxAuthenticatedPerAddress ? AdmissionRefusal.AuthenticatedPerAddress
                : counts?.Unauthenticated >= limits.MaxUnauthenticatedPerAddress ? AdmissionRefusal.UnauthenticatedPerAddress
                : _unauthenticated >= limits.MaxUnauthenticated ? AdmissionRefusal.UnauthenticatedTotal
                : AdmissionRefusal.None;
            if (refusal != AdmissionRefusal.None)
            {
                return null;
            }

            if (counts is null)
            {
                counts = new AddressCounts();
                _addresses.Add(key, counts);
            }

            counts.Unauthenticated++;
            _unauthenticated++;
            return new AdmissionTicket(this, key);
        }
    }

    /// <summary>
    /// Moves an admitted connection whose key proof succeeded to the authenticated count, unless its address
    /// already holds the most it may; then it stays unauthenticated until released, and the refusal is returned.
    /// </summary>
    public AdmissionRefusal TryAuthenticate(AdmissionTicket ticket)
    {
        lock (_lock)
        {
            if (ticket.State != AdmissionState.Unauthenticated)
            {
                throw new InvalidOperationException($"The connection is {ticket.State}, not waiting for authentication.");
            }

            var counts = _addresses[ticket.Address];
            if (counts.Authenticated >= limits.MaxAuthenticatedPerAddress)
            {
                return AdmissionRefusal.AuthenticatedPerAddress;
            }

            counts.Unauthenticated--;
            _unauthenticated--;
            counts.Authenticated++;
            ticket.State = AdmissionState.Authenticated;
            return AdmissionRefusal.None;
        }
    }

    /// <summary>Gives a closed connection's place back; a second call does nothing.</summary>
    public void Release(AdmissionTicket ticket)
    {
        lock (_lock)
        {
            if (ticket.State == AdmissionState.Released)
            {
                return;
            }

            var counts = _addresses[ticket.Address];
            if (ticket.State == AdmissionState.Unauthenticated)
            {
                counts.Unauthenticated--;
                _unauthenticated--;
            }
            else
            {
                counts.Authenticated--;
            }

            ticket.State = AdmissionState.Released;
            if (counts.Unauthenticated == 0 && counts.Authenticated == 0)
            {
                _addresses.Remove(ticket.Address);
            }
        }
    }

    /// <summary>The counts of one address.</summary>
    public (int Unauthenticated, int Authenticated) CountsOf(IPAddress? remote)
    {
        lock (_lock)
        {
            return _addresses.TryGetValue(KeyOf(remote), out var counts) ? (counts.Unauthenticated, counts.Authenticated) : (0, 0);
        }
    }

    private sealed class AddressCounts
    {
        public int Unauthenticated;
        public int Authenticated;
    }
}
