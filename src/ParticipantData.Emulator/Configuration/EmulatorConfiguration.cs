using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParticipantData.Emulator.Admin;
using ParticipantData.Emulator.Configuration;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Lifecycle;

namespace ParticipantData.Emulator;

/// <summary>
/// Reads <c>emulator.yaml</c> (schema in docs/emulator.md, "Configuration file"): OAuth clients with their
/// permissions, rate limits, token lifetime, seeded conversations with fixed ids and attributes, lifecycle and fault plan.
/// </summary>
public static class EmulatorConfiguration
{
    private static readonly string[] Fields =
    [
        "port", "seed", "rateLimit", "tokenRateLimit", "rateLimitWindow", "tokenLifetime", "endedConversationWrites",
        "journalCapacity", "lifecycle", "faultPlan", "clients", "conversations",
    ];

    private static readonly string[] ClientFields = ["id", "secret", "permissions"];

    /// <summary>
    /// Reads a configuration into <paramref name="into"/> (new options when null): what the file sets replaces what the
    /// options hold. Relative fault-plan paths are resolved against <paramref name="baseDirectory"/>. A <c>seed</c> also
    /// turns on <see cref="EmulatorOptions.SeedIdsFromSeed"/>; <c>conversations</c> turns on seeding (<c>[]</c> turns it off).
    /// </summary>
    /// <exception cref="FormatException">The file is not valid; the message names the field (or line) and what is wrong.</exception>
    public static EmulatorOptions Parse(string yaml, string sourceName = "emulator.yaml", string? baseDirectory = null, EmulatorOptions? into = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = YamlToJson.Convert(yaml, sourceName);
        var options = into ?? new EmulatorOptions();
        if (root is null)
        {
            return options;
        }

        if (root is not JsonObject config)
        {
            throw Problem(sourceName, "", "must be a mapping of settings, e.g. \"rateLimit: 300\"");
        }

        foreach (var (name, _) in config)
        {
            if (!Fields.Contains(name, StringComparer.Ordinal))
            {
                var suggestion = Fields.OrderBy(f => Distance(f, name)).First();
                throw Problem(sourceName, name, $"is not a setting{(Distance(suggestion, name) <= 3 ? $" (did you mean '{suggestion}'?)" : "")}; the settings are {string.Join(", ", Fields)}");
            }
        }

        options.Port = Int(config, "port", sourceName, 0, 65535) ?? options.Port;
        if (Int(config, "seed", sourceName, int.MinValue, int.MaxValue) is { } seed)
        {
            options.Seed = seed;
            options.SeedIdsFromSeed = true;
        }

        options.RequestsPerMinute = Int(config, "rateLimit", sourceName, 0, int.MaxValue) ?? options.RequestsPerMinute;
        options.TokenRequestsPerMinute = Int(config, "tokenRateLimit", sourceName, 0, int.MaxValue) ?? options.TokenRequestsPerMinute;
        options.JournalCapacity = Int(config, "journalCapacity", sourceName, 0, int.MaxValue) ?? options.JournalCapacity;
        options.RateLimitWindow = Duration(config, "rateLimitWindow", sourceName) ?? options.RateLimitWindow;
        options.TokenLifetime = Duration(config, "tokenLifetime", sourceName) ?? options.TokenLifetime;
        if (config["endedConversationWrites"] is { } ended)
        {
            options.EndedConversationWrites = ended.GetValueKind() == JsonValueKind.String
                && Enum.TryParse<EndedConversationWrites>(ended.GetValue<string>(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                ? mode
                : throw Problem(sourceName, "endedConversationWrites", $"[{ended.ToJsonString()}] must be reject, accept or notFound");
        }

        if (config["lifecycle"] is { } lifecycle)
        {
            using var document = JsonDocument.Parse(lifecycle.ToJsonString());
            if (LifecycleJson.TryRead(document.RootElement, null, out var read) is { } problem)
            {
                throw Problem(sourceName, "", problem.Message);
            }

            options.Lifecycle = read is { Enabled: true } ? read : null;
        }

        if (config["faultPlan"] is { } plan)
        {
            options.FaultPlan = ReadFaultPlan(plan, options.Seed, sourceName, baseDirectory);
        }

        if (config["clients"] is { } clients)
        {
            ReadClients(clients, options, sourceName);
        }

        if (config["conversations"] is { } conversations)
        {
            ReadConversations(conversations, options, sourceName);
        }

        return options;
    }

    private static FaultPlan ReadFaultPlan(JsonNode plan, int seed, string sourceName, string? baseDirectory)
    {
        if (plan.GetValueKind() == JsonValueKind.Object)
        {
            try
            {
                return FaultPlan.Parse(plan.ToJsonString());
            }
            catch (FormatException e)
            {
                throw Problem(sourceName, "faultPlan", e.Message);
            }
        }

        if (plan.GetValueKind() != JsonValueKind.String)
        {
            throw Problem(sourceName, "faultPlan", $"must be a built-in plan ({string.Join(", ", FaultPlan.BuiltInNames)}), a plan file or an inline plan object");
        }

        var name = plan.GetValue<string>();
        if (FaultPlan.BuiltInNames.Contains(name, StringComparer.Ordinal))
        {
            return FaultPlan.BuiltIn(name, seed);
        }

        var path = Path.IsPathRooted(name) || baseDirectory is null ? name : Path.Combine(baseDirectory, name);
        if (!File.Exists(path))
        {
            throw Problem(sourceName, "faultPlan", $"the file '{path}' does not exist (and [{name}] is no built-in plan: {string.Join(", ", FaultPlan.BuiltInNames)})");
        }

        try
        {
            return FaultPlan.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw Problem(sourceName, "faultPlan", $"'{path}': {e.Message}");
        }
    }

    private static void ReadClients(JsonNode clients, EmulatorOptions options, string sourceName)
    {
        if (clients is not JsonArray list || list.Count == 0)
        {
            throw Problem(sourceName, "clients", "must be a list of at least one client: - {id: my-app, secret: s3cret, permissions: [\"conversation:communication:view\"]}");
        }

        options.Clients.Clear();
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"clients[{i}]";
            if (list[i] is not JsonObject client)
            {
                throw Problem(sourceName, at, "must be a mapping with id, secret and permissions");
            }

            if (client.Select(p => p.Key).FirstOrDefault(k => !ClientFields.Contains(k, StringComparer.Ordinal)) is { } unknown)
            {
                throw Problem(sourceName, $"{at}.{unknown}", "is not a client setting; a client has id, secret and permissions");
            }

            var id = RequiredString(client, "id", $"{at}.id", sourceName);
            var secret = RequiredString(client, "secret", $"{at}.secret", sourceName);
            IReadOnlyCollection<string> permissions = ["*"];
            if (client["permissions"] is { } given)
            {
                permissions = given is JsonArray items && items.All(p => p?.GetValueKind() == JsonValueKind.String)
                    ? items.Select(p => p!.GetValue<string>()).ToList()
                    : throw Problem(sourceName, $"{at}.permissions", "must be a list of permission strings, e.g. [\"conversation:communication:view\"] ([\"*\"] grants all; [] none)");
            }

            if (options.Clients.Any(c => c.ClientId == id))
            {
                throw Problem(sourceName, $"{at}.id", $"the client id '{id}' is configured twice");
            }

            options.Clients.Add(new EmulatorOAuthClient(id, secret, permissions));
        }
    }

    private static void ReadConversations(JsonNode conversations, EmulatorOptions options, string sourceName)
    {
        if (conversations is not JsonArray list)
        {
            throw Problem(sourceName, "conversations", "must be a list of conversations: - {mediaType: call, participants: [{purpose: customer, attributes: {tier: gold}}]}");
        }

        options.SeedConversations = true;
        options.SeededConversations.Clear();
        for (var i = 0; i < list.Count; i++)
        {
            var at = $"conversations[{i}]";
            if (list[i] is not JsonObject conversation)
            {
                throw Problem(sourceName, at, "must be a mapping: {mediaType: call, participants: [...]}");
            }

            var problem = NewConversationJson.TryParse(Encoding.UTF8.GetBytes(conversation.ToJsonString()), options.Lifecycle, out var request)
                ?? Conversations.ConversationFactory.Validate(request, LimitSettings.From(options.Limits));
            if (problem is not null)
            {
                throw Problem(sourceName, at, problem.Message);
            }

            options.SeededConversations.Add(request);
        }

        if (list.Count == 0)
        {
            // "conversations: []": start empty, as --no-seed does.
            options.SeedConversations = false;
        }
    }

    private static string RequiredString(JsonObject parent, string name, string at, string sourceName) =>
        parent[name] is { } value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0
            ? value.GetValue<string>()
            : throw Problem(sourceName, at, "is required: a non-empty string (quote it if it looks like a number)");

    private static int? Int(JsonObject config, string name, string sourceName, int min, int max)
    {
        if (config[name] is not { } value)
        {
            return null;
        }

        return value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<long>(out var whole) && whole >= min && whole <= max
            ? (int)whole
            : throw Problem(sourceName, name, $"[{value.ToJsonString()}] must be a whole number{(min == 0 ? " (0 or more)" : "")}{(max == 65535 ? " up to 65535" : "")}");
    }

    /// <summary>Seconds (a number), or a duration text: 500ms, 30s, 5m, 24h.</summary>
    private static TimeSpan? Duration(JsonObject config, string name, string sourceName)
    {
        if (config[name] is not { } value)
        {
            return null;
        }

        if (value.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<double>(out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (value.GetValueKind() == JsonValueKind.String && TryParseDuration(value.GetValue<string>(), out var parsed))
        {
            return parsed;
        }

        throw Problem(sourceName, name, $"[{value.ToJsonString()}] must be a positive duration: seconds (3600) or 500ms, 30s, 5m, 24h");
    }

    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        var ok = double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0;
        duration = ok ? TimeSpan.FromSeconds(value * unit) : TimeSpan.Zero;
        return ok;
    }

    private static FormatException Problem(string sourceName, string at, string message) =>
        new($"{sourceName}: {(at.Length == 0 ? "" : at + ": ")}{message}{(message.EndsWith('.') ? "" : ".")}");

    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
