using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Argon.LinkDelay.Netlink;

/// <summary>
/// A netlink socket bound to one nfnetlink queue of this process's network namespace: it reads the ids of the
/// packets the kernel queues there and sends verdicts for them. Closing it unbinds the queue (the kernel drops what
/// is still queued then, so the delayer accepts what it holds first).
/// </summary>
internal sealed unsafe class NfQueueSocket : IDisposable
{
    private const int ReceiveBufferBytes = 8 << 20;
    private const int VerdictsPerSend = 64;
    private readonly int _fd;
    private readonly ushort _queue;
    private readonly byte[] _receive = new byte[64 * 1024];
    private readonly byte[] _verdicts = new byte[VerdictsPerSend * NfQueueMessages.VerdictLength];

    private NfQueueSocket(int fd, ushort queue)
    {
        _fd = fd;
        _queue = queue;
    }

    /// <summary>Notices the kernel could not deliver because the receive buffer was full (ENOBUFS): those packets stay queued.</summary>
    public long Overruns { get; private set; }

    /// <summary>Binds <paramref name="queue"/> with copy mode META and a kernel queue of at most <paramref name="maxLength"/> packets.</summary>
    /// <exception cref="Win32Exception">The socket could not be made or the kernel refused the queue (no NFQUEUE support, or it is taken).</exception>
    public static NfQueueSocket Open(ushort queue, uint maxLength)
    {
        var fd = Libc.Socket(Libc.AfNetlink, Libc.SockRaw | Libc.SockCloexec, Libc.NetlinkNetfilter);
        if (fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socket(AF_NETLINK, NETLINK_NETFILTER)");
        }

        var socket = new NfQueueSocket(fd, queue);
        try
        {
            socket.BindAddress();
            socket.GrowReceiveBuffer();
            Span<byte> message = stackalloc byte[64];
            socket.Request(message[..NfQueueMessages.Bind(message, queue, 1)], "bind queue");
            socket.Request(message[..NfQueueMessages.Configure(message, queue, 2, maxLength)], "configure queue");
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits until a notice can be read or <paramref name="timeout"/> passes (nanosecond resolution, unlike poll).</summary>
    public bool Wait(TimeSpan timeout)
    {
        var pollFd = new Libc.PollFd { Fd = _fd, Events = Libc.Pollin };
        var ticks = Math.Max(0, timeout.Ticks);
        var spec = new Libc.Timespec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100 };
        var ready = Libc.PPoll(&pollFd, 1, &spec, null);
        if (ready < 0 && Marshal.GetLastPInvokeError() != Libc.Eintr)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "ppoll");
        }

        return ready > 0;
    }

    /// <summary>Adds the ids of every queued packet that can be read now, without blocking.</summary>
    public void ReceiveAvailable(List<uint> packetIds)
    {
        while (true)
        {
            nint received;
            fixed (byte* buffer = _receive)
            {
                received = Libc.Receive(_fd, buffer, (nuint)_receive.Length, Libc.MsgDontwait);
            }

            if (received < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.Enobufs)
                {
                    Overruns++;
                    continue;
                }

                if (errno is Libc.Eagain or Libc.Eintr)
                {
                    return;
                }

                throw new Win32Exception(errno, "recv");
            }

            _ = NfQueueMessages.Read(_receive.AsSpan(0, (int)received), packetIds);
        }
    }

    /// <summary>Sends <paramref name="verdict"/> for each packet, many verdict messages per send.</summary>
    public void SendVerdicts(ReadOnlySpan<uint> packetIds, uint verdict)
    {
        while (!packetIds.IsEmpty)
        {
            var batch = packetIds[..Math.Min(VerdictsPerSend, packetIds.Length)];
            var length = 0;
            foreach (var id in batch)
            {
                length += NfQueueMessages.Verdict(_verdicts.AsSpan(length), _queue, id, verdict);
            }

            fixed (byte* buffer = _verdicts)
            {
                if (Libc.Send(_fd, buffer, (nuint)length, 0) < 0)
                {
                    throw new Win32Exception(Marshal.GetLastPInvokeError(), "send verdict");
                }
            }

            packetIds = packetIds[batch.Length..];
        }
    }

    public void Dispose() => _ = Libc.Close(_fd);

    private void BindAddress()
    {
        var address = new Libc.SockaddrNl { Family = Libc.AfNetlink };
        if (Libc.Bind(_fd, &address, sizeof(Libc.SockaddrNl)) < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "bind netlink socket");
        }
    }

    /// <summary>A large receive buffer (forced past rmem_max, as root) so bursts of notices are not lost.</summary>
    private void GrowReceiveBuffer()
    {
        var bytes = ReceiveBufferBytes;
        if (Libc.SetSockOpt(_fd, Libc.SolSocket, Libc.SoRcvbufforce, &bytes, sizeof(int)) < 0)
        {
            _ = Libc.SetSockOpt(_fd, Libc.SolSocket, Libc.SoRcvbuf, &bytes, sizeof(int));
        }
    }

    /// <summary>Sends a configuration message and waits for its acknowledgement.</summary>
    private void Request(ReadOnlySpan<byte> message, string what)
    {
        fixed (byte* buffer = message)
        {
            if (Libc.Send(_fd, buffer, (nuint)message.Length, 0) < 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), what);
            }
        }

        nint received;
        fixed (byte* buffer = _receive)
        {
            received = Libc.Receive(_fd, buffer, (nuint)_receive.Length, 0);
        }

        if (received < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), what);
        }

        if (NfQueueMessages.Read(_receive.AsSpan(0, (int)received), []) is var error and not 0)
        {
            throw new Win32Exception(error, what);
        }
    }
}
