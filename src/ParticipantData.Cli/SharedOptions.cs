using System.CommandLine;
using ParticipantData.Cli.Output;
using ParticipantData.Client;

namespace ParticipantData.Cli;

internal static class SharedOptions
{
    public static Option<Uri?> ApiUrl { get; } = new("--api-url")
    {
        Description = "API base URL (a real region's https://api.… URL or an emulator's http://127.0.0.1:N); overrides GENESYSCLOUD_API_URL and GENESYSCLOUD_REGION.",
        Recursive = true,
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

    public static Option<bool> Json() => new("--json") { Description = "Write JSON to standard output (for scripts) instead of tables." };

    public static Argument<string> ConversationIdArgument() => new("conversationId") { Description = "The conversation id (a UUID)." };

    public static ConversationId ParseConversationId(string text) =>
        ConversationId.TryParse(text, out var id)
            ? id
            : throw new UsageException($"'{text}' is not a conversation id.", "Conversation ids are UUIDs such as 3fa85f64-5717-4562-b3fc-2c963f66afa6.");
}
