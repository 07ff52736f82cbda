using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ParticipantData.Client;

// In the DI namespace so that `services.AddParticipantData(...)` is found without an extra using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the ParticipantData client with dependency injection.</summary>
public static class ParticipantDataServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses (for adding handlers, proxies, certificates).</summary>
    public const string HttpClientName = "ParticipantData";

    /// <summary>
    /// Registers a singleton <see cref="ParticipantDataClient"/> with options (starting from the
    /// <c>GENESYSCLOUD_*</c> environment variables, then <paramref name="configure"/>), an
    /// <see cref="IHttpClientFactory"/> client named <see cref="HttpClientName"/>, and <see cref="TimeProvider.System"/>
    /// unless a <see cref="TimeProvider"/> is registered already.
    /// </summary>
    public static IHttpClientBuilder AddParticipantData(this IServiceCollection services, Action<ParticipantDataClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ParticipantDataClientOptions>().Configure(options =>
        {
            var fromEnvironment = ParticipantDataClientOptions.FromEnvironment();
            options.ClientId ??= fromEnvironment.ClientId;
            options.ClientSecret ??= fromEnvironment.ClientSecret;
            options.Region ??= fromEnvironment.Region;
            options.ApiUrl ??= fromEnvironment.ApiUrl;
            configure?.Invoke(options);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ParticipantDataClient(
            sp.GetRequiredService<IOptions<ParticipantDataClientOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return services.AddHttpClient(HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);
    }
}
