using ParticipantData.Architect.DataActions;
using ParticipantData.Relay.Auth;
using ParticipantData.Relay.Enrichment;
using ParticipantData.Relay.Store;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ParticipantData.Relay.Configuration;

/// <summary>
/// Reads <c>relay.yaml</c> (schema in docs/relay.md) into <see cref="RelayOptions"/>: port, listen address,
/// store, hashed API keys, deadlines, and enrichment sources (a data action definition file plus the map
/// from output fields to attributes). A credential written <c>env:NAME</c> is read from the environment.
/// </summary>
public static class RelayConfigFile
{
    /// <summary>Applies the file to <paramref name="options"/>.</summary>
    /// <exception cref="FormatException">The file is not valid; the message names the field and the line.</exception>
    public static void Apply(string path, RelayOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var text = File.ReadAllText(path);
        RelayConfigDocument document;
        try
        {
            document = new DeserializerBuilder()
                .WithNamingConvention(CamelCaseNamingConvention.Instance)
                .Build()
                .Deserialize<RelayConfigDocument?>(text) ?? new RelayConfigDocument();
        }
        catch (YamlException e)
        {
            throw new FormatException($"{path} line {e.Start.Line}: {(e.InnerException ?? e).Message}", e);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (document.Port is { } port)
        {
            options.Port = port;
        }

        if (document.Listen is { } listen)
        {
            options.ListenAddress = listen;
        }

        if (document.Store is { } store)
        {
            // "env:NAME" keeps a connection string with its password out of the file.
            if (store.StartsWith("env:", StringComparison.Ordinal))
            {
                store = environment(store[4..]) ?? throw new FormatException($"{path}: store reads the environment variable {store[4..]}, which is not set.");
            }

            options.StorePath = RelayStoreLocation.IsPostgres(store) || Path.IsPathRooted(store) ? store : Path.Combine(directory, store);
        }

        if (document.DeadlineSeconds is { } deadline)
        {
            options.DefaultDeadline = TimeSpan.FromSeconds(deadline);
        }

        if (document.MaxRequestBytes is { } max)
        {
            options.MaxRequestBytes = max;
        }

        if (document.Ensure is { } ensure)
        {
            options.Ensure = ensure;
        }

        foreach (var (key, index) in document.ApiKeys.Select((k, i) => (k, i)))
        {
            var name = key.Name ?? $"key{index + 1}";
            if (key.Sha256 is null)
            {
                throw new FormatException($"{path}: apiKeys[{index}] ({name}) has no sha256; make one with 'pdata relay hash-key' (keys are never written in clear).");
            }

            options.ApiKeys.Add(ApiKey.FromHash(name, key.Sha256));
        }

        foreach (var (name, source) in document.Sources)
        {
            options.Sources[name] = ReadSource(path, directory, name, source, environment);
        }
    }

    private static EnrichmentSource ReadSource(string path, string directory, string name, SourceDocument source, Func<string, string?> environment)
    {
        if (source.DataAction is null)
        {
            throw new FormatException($"{path}: sources.{name}.dataAction is missing: the path of a data action definition (the JSON Genesys exports).");
        }

        var file = Path.IsPathRooted(source.DataAction) ? source.DataAction : Path.Combine(directory, source.DataAction);
        if (!File.Exists(file))
        {
            throw new FormatException($"{path}: sources.{name}.dataAction: the file '{file}' does not exist.");
        }

        DataAction action;
        try
        {
            action = DataAction.Parse(File.ReadAllText(file));
        }
        catch (DataActionException e)
        {
            throw new FormatException($"{path}: sources.{name}.dataAction ({file}): {e.Message}", e);
        }

        if (source.Attributes.Count == 0)
        {
            throw new FormatException($"{path}: sources.{name}.attributes is empty: map the data action's output fields to attribute names, e.g. {{tier: loyalty_tier}}.");
        }

        var enrichment = new EnrichmentSource(action, source.Attributes)
        {
            Retries = source.Retries ?? 2,
            AttemptTimeout = source.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };
        foreach (var (credential, value) in source.Credentials)
        {
            enrichment.Credentials[credential] = value.StartsWith("env:", StringComparison.Ordinal)
                ? environment(value[4..]) ?? throw new FormatException($"{path}: sources.{name}.credentials.{credential} reads the environment variable {value[4..]}, which is not set.")
                : value;
        }

        return enrichment;
    }

    // YamlDotNet binds by reflection: the shapes of the file, nothing more.
    private sealed class RelayConfigDocument
    {
        public int? Port { get; set; }

        public string? Listen { get; set; }

        public string? Store { get; set; }

        public List<ApiKeyDocument> ApiKeys { get; set; } = [];

        public int? DeadlineSeconds { get; set; }

        public int? MaxRequestBytes { get; set; }

        public bool? Ensure { get; set; }

        public Dictionary<string, SourceDocument> Sources { get; set; } = [];
    }

    private sealed class ApiKeyDocument
    {
        public string? Name { get; set; }

        public string? Sha256 { get; set; }
    }

    private sealed class SourceDocument
    {
        public string? DataAction { get; set; }

        public Dictionary<string, string> Attributes { get; set; } = [];

        public Dictionary<string, string> Credentials { get; set; } = [];

        public int? TimeoutSeconds { get; set; }

        public int? Retries { get; set; }
    }
}
