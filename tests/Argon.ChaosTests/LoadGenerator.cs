using System.Globalization;
using Argon.Samples;

namespace Argon.ChaosTests;

/// <summary>
/// Client loops that keep the cluster busy with tasks whose answers are known, writing every submission and
/// every outcome into a <see cref="Ledger"/>. Most loops use one client with Reconnect and Retry on, as a service
/// that must ride out a manager restart would; one loop uses plain clients and opens a new one itself when its
/// connection is lost, as an older caller would.
/// </summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly ChaosCluster _cluster;
    private readonly Ledger _ledger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _lanes = [];
    private readonly List<ClientHolder> _clients = [];

    private LoadGenerator(ChaosCluster cluster, Ledger ledger)
    {
        _cluster = cluster;
        _ledger = ledger;
    }

    /// <summary>
    /// Starts <paramref name="loops"/> client loops, each with <paramref name="concurrency"/> calls in flight; loop 0
    /// uses plain clients, the others reconnecting ones.
    /// </summary>
    public static async Task<LoadGenerator> StartAsync(ChaosCluster cluster, Ledger ledger, int loops, int concurrency)
    {
        var load = new LoadGenerator(cluster, ledger);
        for (var loop = 0; loop < loops; loop++)
        {
            var options = cluster.ClientOptions(retry: true, reconnect: loop > 0);
            options.Name = $"chaos-load-{loop.ToString(CultureInfo.InvariantCulture)}";
            var holder = new ClientHolder(options, reconnect: loop > 0, loop);
            await holder.ConnectAsync(load._stop.Token);
            load._clients.Add(holder);
            for (var lane = 0; lane < concurrency; lane++)
            {
                var seed = loop * 1000 + lane;
                load._lanes.Add(Task.Run(() => load.LaneAsync(holder, seed)));
            }
        }

        return load;
    }

    /// <summary>Stops submitting new tasks; the calls in flight run on to their outcomes.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_lanes).WaitAsync(within);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task LaneAsync(ClientHolder holder, int seed)
    {
        var random = new Random(seed);
        while (!_stop.IsCancellationRequested)
        {
            var client = await holder.GetAsync(_stop.Token);
            if (client is null)
            {
                return;
            }

            if (random.Next(2) == 0)
            {
                var (x, y) = (random.Next(1_000_000), random.Next(1_000_000));
                var id = _ledger.Submit($"Add({x}, {y}) by {holder.Name}", x + y, holder.Reconnects);
                await RecordAsync(id, client.QueueAsync(new Add(x, y)));
            }
            else
            {
                var ms = 5 + random.Next(60);
                var id = _ledger.Submit($"Sleep({ms}) by {holder.Name}", ms, holder.Reconnects);
                await RecordAsync(id, client.QueueAsync(new Sleep(ms)));
            }
        }
    }

    private async Task RecordAsync(long id, Task<int> call)
    {
        try
        {
            _ledger.Succeeded(id, await call);
        }
        catch (Exception ex)
        {
            _ledger.Failed(id, ex);
        }
    }

    /// <summary>One loop's client. A reconnecting client is kept for good; a plain one is replaced once its connection is lost.</summary>
    private sealed class ClientHolder(ArgonClientOptions options, bool reconnect, int loop) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly List<ArgonClient> _all = [];
        private ArgonClient? _client;

        public string Name { get; } = $"loop {loop.ToString(CultureInfo.InvariantCulture)}";

        /// <summary>True for a client with Reconnect (and Retry) on: one that outlives its connections.</summary>
        public bool Reconnects => reconnect;

        public async Task ConnectAsync(CancellationToken stop) => await GetAsync(stop);

        /// <summary>The client to call with: the current one, or a new one (retried while the manager is down); null once stopped.</summary>
        public async Task<ArgonClient?> GetAsync(CancellationToken stop)
        {
            if (_client is { } current && (reconnect || current.IsConnected))
            {
                return current;
            }

            await _gate.WaitAsync(CancellationToken.None);
            try
            {
                while (_client is null || !(reconnect || _client.IsConnected))
                {
                    try
                    {
                        _client = await ArgonClient.ConnectAsync(options, stop);
                        _all.Add(_client);
                    }
                    catch (ArgonConnectionException) when (!stop.IsCancellationRequested)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                    }
                    catch (OperationCanceledException)
                    {
                        return null;
                    }
                }

                return _client;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in _all)
            {
                await client.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
