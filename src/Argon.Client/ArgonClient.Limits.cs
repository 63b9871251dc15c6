using System.Globalization;
using System.Text;
using Argon.Protocol.Messages;

namespace Argon;

public sealed partial class ArgonClient
{
    /// <summary>Room for a Submit's fixed fields (id, kind, priority, timeout, attempts, and MessagePack headers).</summary>
    private const int SubmitFrameOverhead = 64;

    /// <summary>
    /// Throws before anything is sent when the Submit would be over the frame limit the server announced: the server
    /// would close the connection on it, failing every call in flight. The connection stays as it is.
    /// </summary>
    /// <exception cref="ArgonException">The task's frame is over the server's limit; the message names both sizes.</exception>
    private static void EnsureFits(ManagerSlot slot, string typeName, byte[] payload, CodeReference? code)
    {
        if (slot.Link is not { } link)
        {
            return;
        }

        var limit = link.ServerMaxFrameSize;
        var frame = (long)payload.Length + SubmitFrameOverhead + Encoding.UTF8.GetByteCount(typeName) + CodeSize(code);
        if (frame > limit)
        {
            throw new ArgonException(string.Create(CultureInfo.InvariantCulture,
                $"{typeName} was not sent: the task's payload is {payload.Length:N0} bytes; the server ({link.Node}) accepts frames up to {limit:N0} bytes."));
        }
    }

    /// <summary>An upper bound on the encoded size of a Submit's code reference.</summary>
    private static long CodeSize(CodeReference? code)
    {
        if (code is null)
        {
            return 0;
        }

        long size = 64;
        foreach (var assembly in code.Assemblies)
        {
            size += 32 + Encoding.UTF8.GetByteCount(assembly.Name) + Encoding.UTF8.GetByteCount(assembly.Hash);
        }

        return size;
    }
}
