using System.CommandLine;
using System.Globalization;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using Spectre.Console;

namespace ParticipantData.Cli.Conversations;

internal static class ConversationCommands
{
    public static Command Create(CliContext cli)
    {
        var id = SharedOptions.ConversationIdArgument();
        var json = SharedOptions.Json();
        var get = new Command("get", "Show a conversation (any media type): participants, their state and attributes.") { id, json }.WithConnectionOptions().WithExamples(
            "pdata conversation get 3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "pdata conversation get 3fa85f64-5717-4562-b3fc-2c963f66afa6 --json --api-url http://127.0.0.1:5080");
        get.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var conversationId = SharedOptions.ParseConversationId(parse.GetValue(id)!);
            await using var connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            var conversation = await connection.Client.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(ConversationView.From(conversation))).ConfigureAwait(false);
            }
            else
            {
                Render(cli, conversation);
            }

            return ExitCodes.Success;
        });

        return new Command("conversation", "Read conversations.") { get }.WithExamples(
            "pdata conversation get <conversationId>");
    }

    public static void Render(CliContext cli, Conversation conversation)
    {
        var status = conversation.IsActive ? "[green]active[/]" : "[grey]ended[/]";
        var since = conversation.StartTime?.ToString("u", CultureInfo.InvariantCulture) ?? "?";
        cli.Out.MarkupLine($"Conversation [bold]{conversation.Id}[/] · {conversation.MediaType.ToString().ToLowerInvariant()} · {status} · started {since}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Purpose").AddColumn("Participant").AddColumn("State").AddColumn("Attributes");
        foreach (var p in conversation.Participants)
        {
            var purpose = p.MessageType is null ? p.Purpose ?? "" : $"{p.Purpose} ({p.MessageType})";
            table.AddRow(
                Markup.Escape(purpose),
                p.Id.Value,
                Markup.Escape(p.State ?? ""),
                p.Attributes.Count == 0 ? "[grey]none[/]" : Markup.Escape(string.Join("\n", p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"))));
        }

        cli.Out.Write(table);
    }
}
