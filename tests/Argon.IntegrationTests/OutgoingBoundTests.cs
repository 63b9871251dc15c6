using System.Buffers;
using System.Diagnostics;
using Argon.IntegrationTests.Infrastructure;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using Argon.Samples;
using Xunit.Abstractions;

namespace Argon.IntegrationTests;

/// <summary>
/// A peer that asks and never reads the answers cannot grow the manager's memory: the manager stops reading from
/// it, cuts it off when it takes nothing for the stuck limit, and serves everyone else meanwhile.
/// </summary>
public sealed class OutgoingBoundTests(ITestOutputHelper output)
{
    /// <summary>Heartbeat timeout 2 s: the stuck limit is six of them, 12 s.</summary>
    private static readonly string[] Heartbeat = ["--heartbeat-interval", "250ms", "--heartbeat-timeout", "2s"];

    private const int MaxFrames = 4_000_000;
    private const int FramesPerWrite = 10_000;
    private const long AllowedGrowth = 50L * 1024 * 1024;
    private static readonly TimeSpan FloodFor = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StatusFlood_FromAPeerThatNeverReads_KeepsManagerMemoryFlatCutsItOffAndOthersKeepWorking()
    {
        await using var cluster = await TestCluster.StartAsync(workers: 1, capacity: 2, managerArguments: Heartbeat);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i + 1, await cluster.Client.QueueAsync(new Add(i, 1)).WaitAsync(Limits.Call));
        }

        var before = ResidentMemory.Of(cluster.Manager.Pid) ?? throw new InvalidOperationException("the manager is gone");
        var node = $"flood-{Guid.NewGuid():N}";
        await using var channel = await RawPeer.ConnectAuthenticatedAsync(cluster, node);

        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var flood = FloodAsync(channel.Pipe.Output, watch);
        var others = KeepCallingAsync(cluster.Client, stop.Token);
        // The manager's memory is sampled every 200 ms for as long as the flood lasts (the flood has its own deadline).
        var peak = before;
        using (var sample = new PeriodicTimer(TimeSpan.FromMilliseconds(200)))
        {
            while (!flood.IsCompleted)
            {
                peak = Math.Max(peak, ResidentMemory.Of(cluster.Manager.Pid) ?? peak);
                await Task.WhenAny(flood, sample.WaitForNextTickAsync().AsTask());
            }
        }

        var (written, cutOff) = await flood;
        peak = Math.Max(peak, ResidentMemory.Of(cluster.Manager.Pid) ?? peak);
        await stop.CancelAsync();
        var calls = await others.WaitAsync(Limits.Call);
        output.WriteLine($"manager RSS before the flood {Mb(before)} MB, peak during it {Mb(peak)} MB (+{Mb(peak - before)} MB); " +
            $"{written:N0} StatusRequests written in {watch.Elapsed.TotalSeconds:0.0} s; cut off: {cutOff}; other client's calls meanwhile: {calls}");

        foreach (var managerLine in cluster.Manager.Lines.Where(l => l.Contains(node, StringComparison.Ordinal)))
        {
            output.WriteLine($"manager: {managerLine}");
        }

        Assert.True(peak - before < AllowedGrowth,
            $"the manager grew from {Mb(before)} MB to {Mb(peak)} MB under a flood of {written:N0} StatusRequests that were never read");
        Assert.True(cutOff, $"the manager kept the flooding connection open for {watch.Elapsed.TotalSeconds:0} s");
        var line = await cluster.Manager.WaitForLineAsync(
            l => l.Contains($"({node}):", StringComparison.Ordinal) && l.Contains("has not read its replies", StringComparison.Ordinal), Limits.Reaction);
        output.WriteLine(line);
        Assert.True(calls > 0, "the other client's calls did not go through during the flood");
        Assert.Equal(42, await cluster.Client.QueueAsync(new Add(41, 1)).WaitAsync(Limits.Call));
    }

    /// <summary>Writes StatusRequests until the manager cuts the connection off, or for at most the frame count or time.</summary>
    private static async Task<(long Written, bool CutOff)> FloodAsync(System.IO.Pipelines.PipeWriter pipe, Stopwatch watch)
    {
        var block = new ArrayBufferWriter<byte>();
        var scratch = new ArrayBufferWriter<byte>();
        for (var i = 0; i < FramesPerWrite; i++)
        {
            FrameWriter.Write(block, new StatusRequest { Id = i }, scratch);
        }

        using var deadline = new CancellationTokenSource(FloodFor);
        long written = 0;
        try
        {
            while (written < MaxFrames)
            {
                var flush = await pipe.WriteAsync(block.WrittenMemory, deadline.Token);
                if (flush.IsCompleted)
                {
                    return (written, true);
                }

                written += FramesPerWrite;
            }
        }
        catch (OperationCanceledException)
        {
            return (written, false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return (written, true);
        }

        // Everything was written (the manager read it all): wait, without reading, to see whether it is cut off.
        // One more request every 500 ms until the flood's deadline: a write fails once the manager has cut this peer off.
        try
        {
            using var probe = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (watch.Elapsed < FloodFor)
            {
                await pipe.WriteAsync(block.WrittenMemory[..ProtocolFrameLength(block)], deadline.Token);
                await probe.WaitForNextTickAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return (written, false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return (written, true);
        }

        return (written, false);
    }

    /// <summary>The length of the first frame in the block.</summary>
    private static int ProtocolFrameLength(ArrayBufferWriter<byte> block) =>
        Protocol.ProtocolConstants.HeaderSize + (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(block.WrittenSpan);

    /// <summary>Runs one small task after another until stopped; every one must succeed.</summary>
    private static async Task<int> KeepCallingAsync(ArgonClient client, CancellationToken stop)
    {
        var calls = 0;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!stop.IsCancellationRequested)
        {
            Assert.Equal(calls + 1, await client.QueueAsync(new Add(calls, 1), null, CancellationToken.None).WaitAsync(Limits.Call, CancellationToken.None));
            calls++;
            try
            {
                await pace.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return calls;
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);
}
