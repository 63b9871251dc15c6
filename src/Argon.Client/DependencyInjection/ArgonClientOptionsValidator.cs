using Microsoft.Extensions.Options;

namespace Argon.DependencyInjection;

/// <summary>
/// Checks <see cref="ArgonClientOptions"/> when the host starts (ValidateOnStart), so that a mistake in
/// configuration stops the host with every problem named, rather than failing the first call.
/// </summary>
internal sealed class ArgonClientOptionsValidator : IValidateOptions<ArgonClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ArgonClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Managers is { Count: > 0 })
        {
            try
            {
                ManagerEndpoint.FromOptions(options);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Managers: {ex.Message}");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.Host))
            {
                failures.Add("Host is empty: give the manager's host name or address, or Managers.");
            }

            if (options.Port is < 1 or > 65535)
            {
                failures.Add($"Port {options.Port} is not a port number (1-65535).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.KeyFile))
        {
            failures.Add("KeyFile is not set: give the path of the cluster's shared key file (`argon keygen FILE` makes one).");
        }
        else if (!File.Exists(options.KeyFile))
        {
            failures.Add($"KeyFile '{options.KeyFile}' does not exist.");
        }

        Positive(failures, nameof(options.ConnectTimeout), options.ConnectTimeout);
        Positive(failures, nameof(options.HeartbeatInterval), options.HeartbeatInterval);
        Positive(failures, nameof(options.HeartbeatTimeout), options.HeartbeatTimeout);
        if (options.DefaultTimeout is { } timeout)
        {
            Positive(failures, nameof(options.DefaultTimeout), timeout);
        }

        if (options.HeartbeatTimeout <= options.HeartbeatInterval && options.HeartbeatInterval > TimeSpan.Zero)
        {
            failures.Add($"HeartbeatTimeout ({options.HeartbeatTimeout}) must be longer than HeartbeatInterval ({options.HeartbeatInterval}).");
        }

        if (options.DefaultMaxAttempts < 1)
        {
            failures.Add($"DefaultMaxAttempts is {options.DefaultMaxAttempts}; it must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} is {value}; it must be more than zero.");
        }
    }
}
