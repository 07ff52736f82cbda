using System.CommandLine;
using System.Globalization;
using ParticipantData.Cli.Output;
using ParticipantData.Client;

namespace ParticipantData.Cli;

internal static class SharedOptions
{
    /// <summary>On commands that talk to the platform only (not on <c>eval</c> or <c>demo</c>).</summary>
    public static Option<Uri?> ApiUrl { get; } = new("--api-url")
    {
        Description = "API base URL (a real region's https://api.… URL or an emulator's http://127.0.0.1:N); overrides GENESYSCLOUD_API_URL and GENESYSCLOUD_REGION.",
        HelpName = "url",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                return url;
            }

            result.AddError($"--api-url must be an absolute http(s) URL such as http://127.0.0.1:5080; got '{text}'.");
            return null;
        },
    };

    /// <summary>Bounds a command that talks to the platform: past it, exit 5 saying so.</summary>
    public static Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = "Give up after this long (30, 30s, 500ms, 2m) with exit code 5. Default: no bound beyond the client's own retry budget.",
        HelpName = "duration",
        CustomParser = result => ParseDuration(result, "--timeout"),
    };

    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show every notice (embedded emulator, default client) each time, not once per shell session.",
        Recursive = true,
    };

    public static Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Show no notices on standard error (errors still show).",
        Recursive = true,
    };

    /// <summary>Adds <c>--api-url</c> and <c>--timeout</c> to a command that opens a connection.</summary>
    public static T WithConnectionOptions<T>(this T command)
        where T : Command
    {
        command.Options.Add(ApiUrl);
        command.Options.Add(Timeout);
        return command;
    }

    public static Option<bool> Json() => new("--json") { Description = "Write JSON to standard output (for scripts) instead of tables; errors too, as {\"error\": {...}}." };

    public static Argument<string> ConversationIdArgument() => new("conversationId") { Description = "The conversation id (a UUID)." };

    public static ConversationId ParseConversationId(string text) =>
        ConversationId.TryParse(text, out var id)
            ? id
            : throw new UsageException($"'{text}' is not a conversation id.", "Conversation ids are UUIDs such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.");

    /// <summary>"30" (seconds), "30s", "500ms", "2m" or "1h"; positive.</summary>
    internal static TimeSpan? ParseDuration(System.CommandLine.Parsing.ArgumentResult result, string option)
    {
        var text = result.Tokens.Single().Value.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return TimeSpan.FromSeconds(value * unit);
        }

        result.AddError($"{option} must be a positive duration such as 30, 30s, 500ms or 2m; got '{text}'.");
        return null;
    }
}
