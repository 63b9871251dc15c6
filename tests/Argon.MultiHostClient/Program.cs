using System.Diagnostics;
using Argon;
using Argon.MultiHostClient;

// A client host of the multi-host suite. It prints "client connected", "client capacity N" (with --wait-capacity),
// one "client pass P submitted=S elapsed_ms=E" per pass and "client done"; the outcomes go to the ledger file.
try
{
    var arguments = ClientArguments.Parse(args);
    await using var client = await ConnectAsync(arguments.ClientOptions());
    Console.WriteLine("client connected");
    if (arguments.WaitForCapacity > 0)
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
