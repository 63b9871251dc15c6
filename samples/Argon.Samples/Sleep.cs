namespace Argon.Samples;

/// <summary>Waits, then returns how long it waited: a slow task that holds an executor without using a core.</summary>
public sealed record Sleep(int Milliseconds) : IAsyncTask<int>
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Milliseconds, cancellationToken).ConfigureAwait(false);
        return Milliseconds;
    }
}
