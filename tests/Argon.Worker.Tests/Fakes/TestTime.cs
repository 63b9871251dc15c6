namespace Argon.Worker.Tests.Fakes;

/// <summary>Time bounds for waiting on events: wide, so a loaded machine does not fail a test that is right.</summary>
internal static class TestTime
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds or the bound passes (then throws).</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {Bound.TotalSeconds} s: {what}");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Bound);

    public static async Task<T> NextAsync<T>(this System.Threading.Channels.ChannelReader<T> reader) =>
        await reader.ReadAsync().AsTask().WaitAsync(Bound).ConfigureAwait(false);
}
