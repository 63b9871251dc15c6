using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Argon.DependencyInjection;

/// <summary>
/// The one <see cref="ArgonClient"/> of a service provider (AddArgonClient): connected once, at host start
/// (<see cref="ArgonClientStarter"/>) or on first use, and disposed with the container. A connect that failed is tried
/// again by the next use rather than remembered.
/// </summary>
internal sealed class ArgonClientConnector(IOptions<ArgonClientOptions> options, IServiceProvider services) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private Task<ArgonClient>? _connecting;
    private bool _disposed;

    /// <summary>The client once connected, or null (not yet, or the connect failed); never waits.</summary>
    public ArgonClient? Current => Volatile.Read(ref _connecting) is { IsCompletedSuccessfully: true } done ? done.Result : null;

    /// <summary>The connected client, connecting it first when needed. Cancelling stops this wait, not the shared connect.</summary>
    public Task<ArgonClient> GetAsync(CancellationToken cancellationToken = default)
    {
        Task<ArgonClient> connecting;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connecting is null or { IsFaulted: true } or { IsCanceled: true })
            {
                _connecting = ConnectAsync();
            }

            connecting = _connecting;
        }

        return connecting.WaitAsync(cancellationToken);
    }

    private Task<ArgonClient> ConnectAsync()
    {
        var value = options.Value;
        if (value.LoggerFactory is null && services.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            value.LoggerFactory = loggerFactory;
        }

        // Bounded by ConnectTimeout; no caller's token, since every caller shares this connect.
        return ArgonClient.ConnectAsync(value);
    }

    public async ValueTask DisposeAsync()
    {
        Task<ArgonClient>? connecting;
        lock (_lock)
        {
            _disposed = true;
            connecting = _connecting;
        }

        if (connecting is null)
        {
            return;
        }

        try
        {
            await (await connecting.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (ArgonException)
        {
            // The connect failed: there is nothing to close.
        }
    }
}
