using Argon;
using Argon.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds an <see cref="ArgonClient"/> to a service collection.</summary>
public static class ArgonClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="ArgonClient"/> (a singleton) configured by <paramref name="configure"/>. Under a
    /// Generic Host the options are validated and the client connects when the host starts (either failing stops the
    /// host with the error); without one, it connects when first resolved. It is disposed with the container.
    /// <see cref="ArgonClientHealthCheck"/> reports its connection (add it with AddHealthChecks().AddCheck).
    /// </summary>
    public static IServiceCollection AddArgonClient(this IServiceCollection services, Action<ArgonClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ArgonClientOptions>().Configure(configure).ValidateOnStart();
        return AddCore(services);
    }

    /// <summary>
    /// Registers one <see cref="ArgonClient"/> (a singleton) whose options are bound from <paramref name="configuration"/>,
    /// usually a section such as <c>builder.Configuration.GetSection("Argon")</c>, with keys named as the properties
    /// of <see cref="ArgonClientOptions"/> (Host, Port, Managers, KeyFile, Reconnect, ConnectTimeout, ...).
    /// Otherwise as <see cref="AddArgonClient(IServiceCollection, Action{ArgonClientOptions})"/>.
    /// </summary>
    public static IServiceCollection AddArgonClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ArgonClientOptions>().Bind(configuration).ValidateOnStart();
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArgonClientOptions>, ArgonClientOptionsValidator>());
        services.TryAddSingleton<ArgonClientConnector>();

        // Resolved before the host has connected it (no host, or a service built before start): this connects, and waits.
        services.TryAddSingleton(static sp => sp.GetRequiredService<ArgonClientConnector>().GetAsync().GetAwaiter().GetResult());
        services.TryAddSingleton(static sp => new ArgonClientHealthCheck(sp.GetRequiredService<ArgonClientConnector>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ArgonClientStarter>());
        return services;
    }
}
