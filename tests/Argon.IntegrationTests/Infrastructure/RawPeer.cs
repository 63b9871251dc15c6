using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Argon.Protocol;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Protocol.Security;
using Argon.Protocol.Transport;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>Speaks to a server below the client API: a bare TCP socket, or an authenticated channel written to byte by byte.</summary>
internal static class RawPeer
{
    /// <summary>Full TCP + TLS + key proof as a client named <paramref name="node"/>, then nothing: the caller writes raw frames.</summary>
    public static Task<SecureChannel> ConnectAuthenticatedAsync(TestCluster cluster, string node) =>
        SecureConnector.ConnectAsync("127.0.0.1", cluster.Cluster.Port, SharedKey.FromFile(cluster.Cluster.KeyFile), PeerRole.Client, node)
            .WaitAsync(Limits.Call);

    public static async Task<Socket> ConnectTcpAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(Limits.Call);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task WriteAsync(IDuplexPipe pipe, byte[] bytes)
    {
        var flush = await pipe.Output.WriteAsync(bytes).AsTask().WaitAsync(Limits.Call);
        Assert.False(flush.IsCompleted, "the server stopped reading before the bytes were written");
    }

    /// <summary>Writes one well-formed frame, as a peer that follows the framing but not the rules would.</summary>
    public static async Task WriteAsync(IDuplexPipe pipe, Message message)
    {
        var frame = new ArrayBufferWriter<byte>();
        FrameWriter.Write(frame, message, new ArrayBufferWriter<byte>());
        await WriteAsync(pipe, frame.WrittenSpan.ToArray());
    }

    /// <summary>Reads the next whole message the server sends.</summary>
    public static async Task<Message> ReadMessageAsync(IDuplexPipe pipe)
    {
        using var deadline = new CancellationTokenSource(Limits.Reaction);
        while (true)
        {
            var read = await pipe.Input.ReadAsync(deadline.Token);
            var buffer = read.Buffer;
            if (FrameReader.TryRead(ref buffer, ProtocolConstants.DefaultMaxFrameSize, out var type, out var body))
            {
                var message = MessageCodec.Read(type, body);
                pipe.Input.AdvanceTo(buffer.Start);
                return message;
            }

            Assert.False(read.IsCompleted, "the server closed the connection before sending a whole message");
            pipe.Input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Reads (and drops) whatever arrives until the server closes the connection; fails if it stays open.</summary>
    public static async Task WaitForServerCloseAsync(IDuplexPipe pipe)
    {
        using var deadline = new CancellationTokenSource(Limits.Reaction);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await pipe.Input.ReadAsync(deadline.Token);
            }
            catch (IOException)
            {
                return; // reset by the server: closed all the same
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server kept the connection open for {Limits.Reaction.TotalSeconds:0} s.");
            }

            pipe.Input.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return;
            }
        }
    }

    /// <inheritdoc cref="WaitForServerCloseAsync(IDuplexPipe)"/>
    public static async Task WaitForServerCloseAsync(Socket socket)
    {
        using var deadline = new CancellationTokenSource(Limits.Reaction);
        var buffer = new byte[4096];
        while (true)
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                return; // reset by the server: closed all the same
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server kept the connection open for {Limits.Reaction.TotalSeconds:0} s.");
            }

            if (received == 0)
            {
                return;
            }
        }
    }

    /// <summary>A frame header: 4-byte big-endian body length, then the message type byte.</summary>
    public static byte[] Header(uint length, byte type) =>
        [(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length, type];

    public static byte Submit => (byte)MessageType.Submit;
}
