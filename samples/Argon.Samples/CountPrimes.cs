namespace Argon.Samples;

/// <summary>Counts the primes below a limit by trial division: a CPU-bound task whose answer is easy to check.</summary>
public sealed record CountPrimes(int Limit) : ITask<int>
{
    public int Run() => Count(Limit);

    public static int Count(int limit)
    {
        var count = 0;
        for (var n = 2; n < limit; n++)
        {
            var prime = true;
            for (var d = 2; d * d <= n; d++)
            {
                if (n % d == 0)
                {
                    prime = false;
                    break;
                }
            }

            if (prime)
            {
                count++;
            }
        }

        return count;
    }
}
