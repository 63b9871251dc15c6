// Queues tasks on the manager given as arguments (HOST PORT KEYFILE) through the Argon.Client package, and exits
// 0 only if each result is right. The worker runs Add from this assembly (--load) and the lambda as shipped code.
using Argon;
using Microsoft.Extensions.Logging;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PackageConsumer HOST PORT KEYFILE");
    return 2;
}

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
await using var client = await ArgonClient.ConnectAsync(new ArgonClientOptions
{
    Host = args[0],
    Port = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture),
    KeyFile = args[2],
    Retry = true,
    LoggerFactory = loggerFactory,
}, timeout.Token);

// The worker registers on its own time: wait for it (with the deadline above), never a fixed sleep.
while ((await client.GetStatusAsync(timeout.Token)).Workers.Count == 0)
{
    await Task.Delay(100, timeout.Token);
}

int sum = await client.QueueAsync(new Add(4, 7), cancellationToken: timeout.Token);
int product = await client.ProcessAsync(() => 6 * 7, cancellationToken: timeout.Token);
Console.WriteLine($"PackageConsumer: Add(4, 7) = {sum}, shipped lambda = {product}");
return sum == 11 && product == 42 ? 0 : 1;

/// <summary>A task defined in the application itself, as a user's task library would.</summary>
public sealed record Add(int X, int Y) : ITask<int>
{
    /// <inheritdoc/>
    public int Run() => X + Y;
}
