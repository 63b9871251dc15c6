using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Argon.Bench.Measurement;
using Argon.Bench.Workloads;

namespace Argon.Bench.Baseline;

/// <summary>
/// The raw baseline, no Argon code: client → relay process → echo process over loopback TCP, mirroring
/// client → manager → worker. 64-byte messages, about an Echo Submit's size. Ping-pong mirrors W2 (p50/p99 µs);
/// pipelined with 256 in flight mirrors W1 (messages/s). Every Argon figure can be read as a ratio to these.
/// </summary>
internal static class RawBaseline
{
    public const int MessageSize = 64;

    /// <summary>Mirrors W2: sequential round trips, p50/p99 µs.</summary>
    public static BenchCase PingPong(BenchOptions options)
    {
        var roundTrips = options.Tasks ?? options.Pick(2_000, 300);
        var warmup = options.Pick(1_000, 300);
        return new BenchCase("baseline_pingpong", $"raw TCP via relay: {roundTrips:N0} sequential {MessageSize}-byte round trips",
            [new("messages", roundTrips), new("message_bytes", MessageSize), new("warmup", warmup)], Limit(options),
            ct => WithRelayAsync(socket => PingPongAsync(socket, roundTrips, warmup, ct), ct));
    }

    /// <summary>
    /// Mirrors W1: messages/s with 256 in flight. The stream is longer than W1 because raw TCP finishes 20,000
    /// messages in a few milliseconds, too short to time on a noisy machine.
    /// </summary>
    public static BenchCase Pipelined(BenchOptions options)
    {
        var messages = options.Pick(1_000_000, 200_000);
        var warmup = options.Pick(20_000, 5_000);
        return new BenchCase("baseline_pipelined", $"raw TCP via relay: {messages:N0} {MessageSize}-byte messages, {EchoThroughput.InFlight} in flight",
            [new("messages", messages), new("in_flight", EchoThroughput.InFlight), new("message_bytes", MessageSize), new("warmup", warmup)], Limit(options),
            ct => WithRelayAsync(socket => PipelinedAsync(socket, messages, warmup, ct), ct));
    }

    private static TimeSpan Limit(BenchOptions options) => TimeSpan.FromSeconds(options.Pick(120, 30));

    private static async Task<Figures> WithRelayAsync(Func<Socket, Task<Figures>> measure, CancellationToken cancellationToken)
    {
        await using var echo = await ServerProcess.StartAsync(["echo"], cancellationToken);
        await using var relay = await ServerProcess.StartAsync(["relay", echo.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, relay.Port, cancellationToken);
        var figures = await measure(socket);
        return figures
            .Add("relay_peak_rss_mb", ProcessMemory.PeakRssMb(relay.Pid))
            .Add("echo_peak_rss_mb", ProcessMemory.PeakRssMb(echo.Pid));
    }

    private static async Task<Figures> PingPongAsync(Socket socket, int count, int warmup, CancellationToken cancellationToken)
    {
        var message = new byte[MessageSize];
        var reply = new byte[MessageSize];
        async Task RoundTripAsync(int i)
        {
            await RawServers.SendAllAsync(socket, message, cancellationToken);
            await ReceiveExactlyAsync(socket, reply, cancellationToken);
        }

        await Load.SequentialAsync(warmup, RoundTripAsync, cancellationToken);
        var latencies = await Load.SequentialAsync(count, RoundTripAsync, cancellationToken);
        return new Figures()
            .Add("p50_us", latencies.Percentile(50))
            .Add("p99_us", latencies.Percentile(99))
            .Add("p90_us", latencies.Percentile(90))
            .Add("max_us", latencies.Percentile(100));
    }

    private static async Task<Figures> PipelinedAsync(Socket socket, int count, int warmup, CancellationToken cancellationToken)
    {
        await StreamAsync(socket, warmup, cancellationToken);
        var watch = Stopwatch.StartNew();
        await StreamAsync(socket, count, cancellationToken);
        var elapsed = watch.Elapsed;
        return new Figures()
            .Add("messages_per_s", count / elapsed.TotalSeconds)
            .Add("seconds", elapsed.TotalSeconds);
    }

    /// <summary>Sends <paramref name="count"/> messages with at most 256 unanswered, writing every free slot at once.</summary>
    private static async Task StreamAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(EchoThroughput.InFlight);
        var batch = new byte[EchoThroughput.InFlight * MessageSize];
        var writer = Task.Run(async () =>
        {
            for (var sent = 0; sent < count;)
            {
                await window.WaitAsync(cancellationToken);
                var slots = 1;
                while (slots < count - sent && window.Wait(0))
                {
                    slots++;
                }

                await RawServers.SendAllAsync(socket, batch.AsMemory(0, slots * MessageSize), cancellationToken);
                sent += slots;
            }
        }, cancellationToken);

        var buffer = new byte[64 * 1024];
        var expected = (long)count * MessageSize;
        for (long received = 0; received < expected;)
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the relay closed the connection");
            }

            var answered = (int)((received + read) / MessageSize - received / MessageSize);
            received += read;
            if (answered > 0)
            {
                window.Release(answered);
            }
        }

        await writer;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (!buffer.IsEmpty)
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the relay closed the connection");
            }

            buffer = buffer[read..];
        }
    }
}
