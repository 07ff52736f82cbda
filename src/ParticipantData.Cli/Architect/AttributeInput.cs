using System.Text.Json;
using ParticipantData.Cli.Output;

namespace ParticipantData.Cli.Architect;

/// <summary>Participant attributes from a JSON file or standard input (<c>-</c>), as <c>check</c> and <c>eval</c> read them: strings only.</summary>
internal static class AttributeInput
{
    private const string Hint = "Write a JSON object of string values, e.g. {\"tier\": \"gold\", \"score\": \"720\"}: participant data values are always strings.";

    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(CliContext cli, string path, CancellationToken cancellationToken)
    {
        string name;
        string text;
        if (path == "-")
        {
            name = "standard input";
            text = await cli.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new UsageException($"The attributes file '{file.FullName}' does not exist.", "Give a JSON file of attributes, or - to read them from standard input.");
            }

            name = file.Name;
            text = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // "LineNumber: 0 | BytePositionInLine: 1" is .NET's wording; say it as a position.
            var where = e.LineNumber is { } line ? $"{name}:{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : name;
            throw new UsageException($"{where}: not valid JSON{(text.Trim().Length == 0 ? " (it is empty)" : "")}.", Hint);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("attributes", out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            root = inner;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{name} is not a JSON object.", Hint);
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new UsageException($"{name}: the value of \"{property.Name}\" is a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()}, not a string.", Hint);
            }

            result[property.Name] = property.Value.GetString()!;
        }

        return result;
    }
}
