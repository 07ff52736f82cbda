using ParticipantData.Architect.Routing;
using ParticipantData.Cli.Attributes;
using ParticipantData.Cli.Output;

namespace ParticipantData.Cli.Architect;

/// <summary>
/// Where <c>pdata check</c> reads participant data: the command line's <c>--attributes</c> / <c>--conversation</c>
/// (for files without scenarios, and scenarios that name no data), a scenario's inline attributes, its fixture file
/// (relative to the rules file) or its conversation. Standard input is read once; one connection serves every conversation.
/// </summary>
internal sealed class CheckData(CliContext cli, Uri? apiUrl, string? attributesFile, string? conversation, string? participant, string? purpose) : IAsyncDisposable
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _files = new(StringComparer.Ordinal);
    private Connection.Connection? _connection;

    public bool HasDefault => attributesFile is not null || conversation is not null;

    /// <summary>The command line's participant data, for a rules file without scenarios.</summary>
    public Task<IReadOnlyDictionary<string, string>> DefaultAsync(RoutingRules rules, CancellationToken cancellationToken) =>
        attributesFile is not null ? FileAsync(attributesFile, cancellationToken)
        : conversation is not null ? ConversationAsync(conversation, participant, purpose, cancellationToken)
        : throw new UsageException($"{rules.SourceName} has no scenarios: give --attributes <file.json|-> or --conversation <id> to check it against.",
            "Or add scenarios to the file, each with its attributes and expected outcomes (docs/cli.md, \"pdata check in CI\").");

    public Task<IReadOnlyDictionary<string, string>> ForAsync(RoutingRules rules, FileInfo rulesFile, RoutingScenario scenario, CancellationToken cancellationToken)
    {
        if (scenario.Attributes is { } inline)
        {
            return Task.FromResult(inline);
        }

        if (scenario.AttributesFile is { } file)
        {
            // A fixture is found next to the rules file, wherever pdata runs from.
            return FileAsync(file == "-" || Path.IsPathRooted(file) ? file : Path.Combine(rulesFile.DirectoryName ?? ".", file), cancellationToken);
        }

        if (scenario.Conversation is { } id)
        {
            return ConversationAsync(id, scenario.Participant, scenario.Purpose, cancellationToken);
        }

        return HasDefault
            ? DefaultAsync(rules, cancellationToken)
            : throw new UsageException($"{rules.SourceName}:{scenario.Line}: scenario '{scenario.Name}' names no participant data.",
                "Give it attributes: {key: value} or attributes: fixture.json, or conversation: <id>; or pass --attributes / --conversation for every such scenario.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> FileAsync(string path, CancellationToken cancellationToken)
    {
        var key = path == "-" ? "-" : Path.GetFullPath(path);
        if (!_files.TryGetValue(key, out var attributes))
        {
            attributes = await AttributeInput.ReadAsync(cli, path, cancellationToken).ConfigureAwait(false);
            _files[key] = attributes;
        }

        return attributes;
    }

    private async Task<IReadOnlyDictionary<string, string>> ConversationAsync(string id, string? participantId, string? participantPurpose, CancellationToken cancellationToken)
    {
        var conversationId = SharedOptions.ParseConversationId(id);
        var selector = AttributeCommands.Selector(participantId, participantPurpose);
        _connection ??= await Connection.Connection.OpenAsync(cli, apiUrl, cancellationToken).ConfigureAwait(false);
        var found = await _connection.Client.GetParticipantAsync(conversationId, selector, cancellationToken).ConfigureAwait(false);
        return found.Attributes;
    }
}
