using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using ParticipantData.Emulator.Errors;

namespace ParticipantData.Emulator.Json;

/// <summary>
/// The one way the emulator reads a JSON request body. Whatever the bytes, the answer is a document or the
/// <c>400</c> naming what is wrong: bytes that are not UTF-8 (Latin-1, overlong forms, lone surrogates
/// encoded as UTF-8), malformed JSON, or a string escape that is not valid Unicode (<c>"\ud800"</c>).
/// A reader that got a document can call <see cref="JsonElement.GetString"/> anywhere without it throwing.
/// </summary>
internal static class JsonBody
{
    public const string MalformedPrefix = "The request could not be understood by the server due to malformed syntax: ";

    /// <summary>
    /// The one reader of an API request's JSON body: <c>415</c> when its <c>Content-Type</c> is not
    /// <c>application/json</c>, then <paramref name="whenEmpty"/> for an empty body (when given), else the
    /// <c>400</c> of <see cref="TryParse"/>; on failure <paramref name="error"/> is the answer.
    /// </summary>
    public static bool TryRead(HttpRequest request, ReadOnlyMemory<byte> body, ApiError? whenEmpty,
        [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out ApiError? error)
    {
        document = null;
        error = !IsJson(request.ContentType) ? ApiError.UnsupportedMediaType(request.ContentType)
            : body.IsEmpty && whenEmpty is not null ? whenEmpty
            : Parse(body, default, out document);
        return error is null;
    }

    /// <summary>True when <paramref name="contentType"/> is <c>application/json</c> (any case, any parameters).</summary>
    public static bool IsJson(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <paramref name="body"/>; on failure <paramref name="error"/> is the 400 to answer.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, [NotNullWhen(true)] out JsonDocument? document, [NotNullWhen(false)] out ApiError? error, JsonDocumentOptions options = default)
    {
        error = Parse(body, options, out document);
        return error is null;
    }

    private static ApiError? Parse(ReadOnlyMemory<byte> body, JsonDocumentOptions options, out JsonDocument? document)
    {
        document = null;
        if (Utf8Problem(body.Span) is { } notUtf8)
        {
            return ApiError.BadRequest(notUtf8);
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(body, options);
        }
        catch (JsonException ex)
        {
            return ApiError.BadRequest(MalformedPrefix + Describe(ex));
        }

        if (FindInvalidString(parsed.RootElement) is { } where)
        {
            parsed.Dispose();
            return ApiError.BadRequest(
                $"The request body holds a string that is not valid Unicode ({where}): a lone or reversed UTF-16 surrogate escape such as \"\\ud800\". " +
                "Escape only complete surrogate pairs (\"\\ud83d\\ude00\") or send the characters themselves as UTF-8.");
        }

        document = parsed;
        return null;
    }

    /// <summary>What is wrong when <paramref name="bytes"/> are not UTF-8; null when they are.</summary>
    public static string? Utf8Problem(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return null;
        }

        var scratch = ArrayPool<char>.Shared.Rent(Math.Max(16, bytes.Length));
        try
        {
            Utf8.ToUtf16(bytes, scratch, out var validBytes, out _, replaceInvalidSequences: false);
            return string.Create(CultureInfo.InvariantCulture,
                $"The request body is not valid UTF-8 (an invalid byte sequence at byte {validBytes}, 0x{bytes[validBytes]:X2}): send the body encoded as UTF-8; Latin-1 and other legacy encodings are not accepted.");
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    /// <summary><c>'x' is an invalid start of a value (line 1, byte 2)</c>: the parser's words without its <c>LineNumber: 0 | BytePositionInLine: 1</c>.</summary>
    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at >= 0)
        {
            message = message[..at];
        }

        message = message.TrimEnd('.', ' ');
        return ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $"{message} (line {line + 1}, byte {position + 1}).")
            : message + ".";
    }

    /// <summary>Where the first property name or string value whose escapes decode to invalid UTF-16 is; null when none.</summary>
    public static string? FindInvalidString(JsonElement root)
    {
        var pending = new Stack<(JsonElement Element, string Path)>();
        pending.Push((root, "$"));
        while (pending.TryPop(out var item))
        {
            switch (item.Element.ValueKind)
            {
                case JsonValueKind.String when !Decodes(item.Element):
                    return item.Path.Length > 120 ? item.Path[..120] + "..." : item.Path;
                case JsonValueKind.Object:
                    foreach (var property in item.Element.EnumerateObject())
                    {
                        string name;
                        try
                        {
                            name = property.Name;
                        }
                        catch (InvalidOperationException)
                        {
                            return "a property name in " + item.Path;
                        }

                        pending.Push((property.Value, item.Path + "." + name));
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var element in item.Element.EnumerateArray())
                    {
                        pending.Push((element, item.Path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]"));
                        index++;
                    }

                    break;
            }
        }

        return null;
    }

    private static bool Decodes(JsonElement value)
    {
        try
        {
            _ = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The body as text, for readers that take a string; only call after <see cref="Utf8Problem"/> said it is UTF-8.</summary>
    public static string Text(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);
}
