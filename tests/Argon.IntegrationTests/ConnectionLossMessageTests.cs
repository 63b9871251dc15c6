using Argon.IntegrationTests.Infrastructure;

namespace Argon.IntegrationTests;

/// <summary>
/// One lost connection, one error: every call on it fails with the same "The connection to … was lost: …",
/// including the calls sent while the connection was already closing (they used to get "The connection is closing.").
/// </summary>
public sealed class ConnectionLossMessageTests
{
    [Fact]
    public async Task ManagerKilled_CallsWaitingAndCallsSentWhileItCloses_AllGetTheSameLostError()
    {
        await using var manager = await RestartableManager.StartAsync();
        await using var client = await ArgonClient.ConnectAsync(manager.ClientOptions());
        await client.GetStatusAsync().WaitAsync(Limits.Call);

        // Calls are sent without a pause from before the kill until one of them has failed: some are waiting on
        // the connection when it drops, some are sent while it closes (the client drains its writes for up to 2 s
        // before the connection is over), and the rest after it is over.
        var calls = new List<Task>();
        manager.Process.Kill();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!calls.Exists(c => c.IsFaulted) && watch.Elapsed < Limits.Call)
        {
            calls.Add(client.GetStatusAsync());
            await Task.Delay(1);
        }

        calls.Add(client.GetStatusAsync());
        var errors = new List<ArgonConnectionException>();
        foreach (var call in calls)
        {
            errors.Add(await Assert.ThrowsAsync<ArgonConnectionException>(() => call.WaitAsync(Limits.Call)));
        }

        Assert.All(errors, e => Assert.Equal(ArgonConnectionErrorKind.Lost, e.Kind));
        var messages = errors.Select(e => e.Message).Distinct().ToList();
        Assert.True(messages.Count == 1, $"{calls.Count} calls got {messages.Count} different errors:\n{string.Join('\n', messages)}");
        Assert.StartsWith($"The connection to 127.0.0.1:{manager.Port} was lost", messages[0], StringComparison.Ordinal);
    }
}
