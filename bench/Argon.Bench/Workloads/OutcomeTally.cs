namespace Argon.Bench.Workloads;

/// <summary>Counts how each call ended: succeeded with the expected result, failed, or still out when abandoned.</summary>
internal sealed class OutcomeTally
{
    private int _succeeded;
    private int _failed;
    private int _unfinished;
    private string? _firstError;

    public int Succeeded => Volatile.Read(ref _succeeded);

    public int Failed => Volatile.Read(ref _failed);

    public int Unfinished => Volatile.Read(ref _unfinished);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Awaits one call and counts its outcome; never throws.</summary>
    public async Task TrackAsync<T>(Task<T> call, T expected)
    {
        try
        {
            var result = await call;
            if (EqualityComparer<T>.Default.Equals(result, expected))
            {
                Interlocked.Increment(ref _succeeded);
            }
            else
            {
                Fail($"wrong result {result}, expected {expected}");
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _unfinished);
        }
        catch (Exception ex)
        {
            Fail($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Fail(string error)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstError, error, null);
    }
}
