using Argon.Protocol;
using Argon.Protocol.Messages;
using Argon.Shipping;
using Microsoft.Extensions.Logging;

namespace Argon;

public sealed partial class ArgonClient
{
    /// <summary>Room in a frame for a Code message's other fields.</summary>
    private const int CodeFrameOverhead = 1024;

    /// <summary>A worker lacks some assemblies of one of this client's tasks: send each, by hash, as it was hashed.</summary>
    private void AnswerNeedCode(ClientLink link, NeedCode need)
    {
        var limit = link.ServerMaxFrameSize - CodeFrameOverhead;
        foreach (var hash in need.Hashes)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var safeHash = PeerText.Escape(hash);
                ClientLog.ShippingAssembly(_logger, need.Id, safeHash);
            }

            link.Frames.Send(!AssemblyManifest.TryGetBytes(hash, out var bytes)
                ? new Code { Id = need.Id, Hash = hash, Error = $"this client has no assembly with hash {hash}" }
                : bytes.Length > limit
                    ? new Code { Id = need.Id, Hash = hash, Error = $"the assembly is {bytes.Length} bytes, over the frame limit of {limit}" }
                    : new Code { Id = need.Id, Hash = hash, Bytes = bytes });
        }
    }
}
