using System.Diagnostics;
using Argon;
using Argon.MultiHostClient;

// A client host of the multi-host suite. It prints "client connected", "client workers N at MANAGER" for each manager
// (with --wait-workers and several managers), "client capacity N" (with --wait-capacity and one manager),
// one "client pass P submitted=S elapsed_ms=E" per pass, with --report "client seen MANAGER WORKER completed=N" for
// each worker each manager knows, and "client done"; the outcomes go to the ledger file.
try
{
    var arguments = ClientArguments.Parse(args);
    await using var client = await ConnectAsync(arguments.ClientOptions());
    Console.WriteLine("client connected");
    if (arguments.WaitForWorkers > 0 && arguments.Several)
    {
        // Each manager on its own: the workload's client asks only one of them for its status.
        foreach (var manager in arguments.Managers)
        {
            Console.WriteLine($"client workers {await WaitForWorkersAsync(arguments.OneManager(manager), arguments.WaitForWorkers)} at {manager}");
        }
    }

    // With several managers each sees a share of every worker's capacity: the worker count above is what tells.
    if (arguments.WaitForCapacity > 0 && !arguments.Several)
    {
        Console.WriteLine($"client capacity {await WaitForCapacityAsync(client, arguments.WaitForCapacity)}");
    }

    using var ledger = new Ledger(arguments.Ledger);
    var workload = new Workload(client, arguments, ledger);
    for (var pass = 0; pass < arguments.Passes; pass++)
    {
        var watch = Stopwatch.StartNew();
        var submitted = await workload.RunAsync(arguments.FirstId + pass * arguments.Calls);
        Console.WriteLine($"client pass {pass + 1} submitted={submitted} elapsed_ms={watch.Elapsed.TotalMilliseconds:0.0}");
    }

    if (arguments.Report)
    {
        // What each manager saw of each worker: "client seen MANAGER WORKER completed=N".
        foreach (var manager in arguments.Managers)
        {
            await using var probe = await ConnectAsync(arguments.OneManager(manager));
            foreach (var worker in (await probe.GetStatusAsync()).Workers)
            {
                Console.WriteLine($"client seen {manager} {worker.Address} completed={worker.Completed}");
            }
        }
    }

    Console.WriteLine("client done");
    return 0;
}
catch (Exception ex) when (ex is ArgonException or ArgumentException or IOException or TimeoutException)
{
    Console.Error.WriteLine($"client: {ex.GetType().Name}: {ex.Message}");
    return 1;
}

// A handshake with a manager that is starting, or busy with other handshakes, may outlast one attempt.
static async Task<ArgonClient> ConnectAsync(ArgonClientOptions options)
{
    var watch = Stopwatch.StartNew();
    while (true)
    {
        try
        {
            return await ArgonClient.ConnectAsync(options);
        }
        catch (ArgonConnectionException) when (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}

static async Task<int> WaitForWorkersAsync(ArgonClientOptions options, int workers)
{
    await using var client = await ConnectAsync(options);
    var watch = Stopwatch.StartNew();
    while (true)
    {
        var status = await client.GetStatusAsync();
        if (status.Workers.Count >= workers)
        {
            return status.Workers.Count;
        }

        if (watch.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException($"the manager {options.Host}:{options.Port} saw {status.Workers.Count} workers, not {workers}, within 60 s");
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100));
    }
}

static async Task<int> WaitForCapacityAsync(ArgonClient client, int capacity)
{
    var watch = Stopwatch.StartNew();
    while (true)
    {
        var status = await client.GetStatusAsync();
        if (status.Capacity >= capacity)
        {
            return status.Capacity;
        }

        if (watch.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException($"the manager reached capacity {status.Capacity}, not {capacity}, within 60 s");
        }

        await Task.Delay(TimeSpan.FromMilliseconds(100));
    }
}
