using System.Globalization;
using System.Net;
using System.Text;

namespace Argon.Hosting;

/// <summary>
/// Refused connections since the last summary: how many, for which limit, from how many addresses. Not thread-safe
/// (<see cref="RefusalLog"/> holds its lock). At most <see cref="MaxAddresses"/> addresses are kept, so a flood
/// from many addresses costs bounded memory; past that the count says "at least".
/// </summary>
internal sealed class RefusalSummary
{
    public const int MaxAddresses = 4096;

    private readonly HashSet<IPAddress> _addresses = [];
    private readonly int[] _byReason = new int[Enum.GetValues<AdmissionRefusal>().Length];
    private bool _moreAddresses;

    public int Count { get; private set; }

    public void Add(IPAddress address, AdmissionRefusal refusal)
    {
        Count++;
        _byReason[(int)refusal]++;
        if (_addresses.Count < MaxAddresses)
        {
            _addresses.Add(address);
        }
        else if (!_addresses.Contains(address))
        {
            _moreAddresses = true;
        }
    }

    /// <summary>
    /// One line such as "120 connections from 3 addresses: 100 over 64 unauthenticated per address, 20 over 512
    /// unauthenticated in all"; null when nothing was refused. Starts a new summary.
    /// </summary>
    public string? Take(ConnectionLimits limits)
    {
        if (Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Count} connection{(Count == 1 ? "" : "s")} from ")
            .Append(_moreAddresses ? "more than " : "")
            .Append(CultureInfo.InvariantCulture, $"{_addresses.Count} address{(_addresses.Count == 1 && !_moreAddresses ? "" : "es")}:");
        var first = true;
        foreach (var refusal in Enum.GetValues<AdmissionRefusal>())
        {
            if (_byReason[(int)refusal] > 0)
            {
                text.Append(first ? " " : ", ").Append(CultureInfo.InvariantCulture, $"{_byReason[(int)refusal]} {Describe(refusal, limits)}");
                first = false;
            }
        }

        Count = 0;
        Array.Clear(_byReason);
        _addresses.Clear();
        _moreAddresses = false;
        return text.ToString();
    }

    /// <summary>The limit a refusal ran into, with its value: "over 64 unauthenticated per address".</summary>
    public static string Describe(AdmissionRefusal refusal, ConnectionLimits limits) => refusal switch
    {
        AdmissionRefusal.UnauthenticatedPerAddress => $"over {limits.MaxUnauthenticatedPerAddress} unauthenticated per address",
        AdmissionRefusal.UnauthenticatedTotal => $"over {limits.MaxUnauthenticated} unauthenticated in all",
        AdmissionRefusal.AuthenticatedPerAddress => $"over {limits.MaxAuthenticatedPerAddress} authenticated per address",
        _ => "admitted",
    };
}
