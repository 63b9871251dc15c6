using Argon.Cli.Commands;
using Argon.Cli.Processes;

namespace Argon.IntegrationTests.Infrastructure;

/// <summary>
/// `argon worker --host 127.0.0.1 --port 0` with a fresh key and no manager: clients connect to it directly.
/// Disposing stops it and removes its key.
/// </summary>
internal sealed class StandaloneWorker : IAsyncDisposable
{
    private readonly TempDirectory _temp;

    private StandaloneWorker(TempDirectory temp, ArgonProcess process, int port)
    {
        _temp = temp;
        Process = process;
        Port = port;
    }

    public ArgonProcess Process { get; }

    public string KeyFile => KeyPath(_temp);

    public int Port { get; }

    /// <summary>Starts it with <paramref name="capacity"/> executors and <paramref name="arguments"/> added, and waits until it listens.</summary>
    public static async Task<StandaloneWorker> StartAsync(string name, int capacity, IEnumerable<string> arguments)
    {
        var temp = new TempDirectory();
        try
        {
            KeygenCommand.Write(KeyPath(temp), overwrite: false);
            var process = ArgonProcess.Start(name,
                ["worker", "--host", "127.0.0.1", "--port", "0", "--key", KeyPath(temp), "--capacity", $"{capacity}", .. arguments]);
            try
            {
                return new StandaloneWorker(temp, process, await process.WaitForListeningPortAsync("worker", Limits.Startup));
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    public ArgonClientOptions ClientOptions() => new() { Host = "127.0.0.1", Port = Port, KeyFile = KeyFile };

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        _temp.Dispose();
    }

    private static string KeyPath(TempDirectory temp) => Path.Combine(temp.Path, "key");
}
