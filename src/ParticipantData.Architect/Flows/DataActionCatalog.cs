using System.Text.Json.Nodes;
using ParticipantData.Architect.DataActions;

namespace ParticipantData.Architect.Flows;

/// <summary>The data action definitions a flow may call, by name (their Genesys export JSON, one per file).</summary>
public sealed class DataActionCatalog
{
    private readonly Dictionary<string, DataAction> _actions = new(StringComparer.Ordinal);

    /// <summary>A new catalog without actions (a flow that calls none, or whose calls the scenario answers).</summary>
    public static DataActionCatalog Empty => new();

    /// <summary>The definitions added so far.</summary>
    public IReadOnlyCollection<DataAction> Actions => _actions.Values;

    /// <summary>Adds (or replaces) the definition of <see cref="DataAction.Name"/>.</summary>
    /// <param name="action">The definition.</param>
    /// <returns>This catalog, for chaining.</returns>
    public DataActionCatalog Add(DataAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _actions[action.Name] = action;
        return this;
    }

    /// <summary>The definition of the action called <paramref name="name"/> (case-sensitive, as Genesys names are).</summary>
    /// <param name="name">The action's name.</param>
    /// <param name="action">The definition, or null.</param>
    /// <returns>False when no definition of that name was added.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DataAction? action) =>
        _actions.TryGetValue(name, out action);

    /// <summary>Reads every <c>*.json</c> file of a directory (not recursive) as a data action export.</summary>
    /// <exception cref="FlowLoadException">The directory is missing, or a file is not a data action definition (the message names the file).</exception>
    public static async Task<DataActionCatalog> LoadDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new FlowLoadException($"The data actions directory '{directory}' does not exist: pass a directory of data action export files (*.json).");
        }

        var catalog = new DataActionCatalog();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            try
            {
                catalog.Add(DataAction.Parse(text));
            }
            catch (DataActionException e)
            {
                throw new FlowLoadException($"{Path.GetFileName(file)}: {e.Message}", e);
            }
        }

        return catalog;
    }

    /// <summary>
    /// The Architect type of an input or a flattened output (<c>details.errorCode</c>) from a JSON schema:
    /// string → String, integer → Integer, number → Decimal, boolean → Boolean, array → a collection of its item type.
    /// </summary>
    internal static ArchitectType? SchemaType(JsonObject? schema, string flattenedName)
    {
        JsonNode? node = schema;
        foreach (var part in flattenedName.Split('.'))
        {
            node = node?["properties"]?[part];
        }

        return node is JsonObject property ? TypeOf(property) : null;
    }

    private static ArchitectType? TypeOf(JsonObject property)
    {
        var type = property["type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        return type switch
        {
            "string" => ArchitectType.String,
            "integer" => ArchitectType.Integer,
            "number" => ArchitectType.Decimal,
            "boolean" => ArchitectType.Boolean,
            "array" when property["items"] is JsonObject items && TypeOf(items) is { IsCollection: false } item => ArchitectType.CollectionOf(item),
            _ => null,
        };
    }
}
