using Argon.Samples;
using Argon.TestTasks;

namespace Argon.MultiHostClient;

/// <summary>Submits calls with at most <c>Concurrency</c> in flight and records each outcome in the ledger.</summary>
internal sealed class Workload(ArgonClient client, ClientArguments arguments, Ledger ledger)
{
    /// <summary>Runs ids [first, first + Calls), or fewer if the stop file appears; returns how many were submitted.</summary>
    public async Task<int> RunAsync(int first)
    {
        using var lanes = new SemaphoreSlim(arguments.Concurrency);
        var calls = new List<Task>(arguments.Calls);
        for (var id = first; id < first + arguments.Calls; id++)
        {
            await lanes.WaitAsync().ConfigureAwait(false);
            if (arguments.StopFile is { } stop && File.Exists(stop))
            {
                lanes.Release();
                break;
            }

            var call = id;
            calls.Add(Task.Run(async () =>
            {
                try
                {
                    var (result, expected) = await CallAsync(call).ConfigureAwait(false);
                    if (result == expected)
                    {
                        ledger.Ok(call);
                    }
                    else
                    {
                        ledger.Wrong(call, result);
                    }
                }
                catch (ArgonException ex)
                {
                    ledger.Failed(call, ex);
                }
                finally
                {
                    lanes.Release();
                }
            }));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        return calls.Count;
    }

    private async Task<(int Result, int Expected)> CallAsync(int id) => arguments.Kind switch
    {
        WorkloadKind.Echo => (await client.QueueAsync(new Echo(id)).ConfigureAwait(false), id),
        WorkloadKind.Sleep => (await client.QueueAsync(new Sleep(arguments.MillisecondsOf(id))).ConfigureAwait(false), arguments.MillisecondsOf(id)),
        WorkloadKind.Logged => (await client.QueueAsync(new LoggedRun(arguments.LogDirectory!, id, arguments.MillisecondsOf(id))).ConfigureAwait(false), id),
        _ => throw new InvalidOperationException($"unknown workload {arguments.Kind}"),
    };
}
