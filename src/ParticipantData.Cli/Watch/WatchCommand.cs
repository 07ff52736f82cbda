using System.CommandLine;
using System.Globalization;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using Spectre.Console;

namespace ParticipantData.Cli.Watch;

/// <summary><c>pdata watch &lt;conversationId&gt;</c>: the conversation's attribute changes, live, until Ctrl+C.</summary>
internal static class WatchCommand
{
    public static Command Create(CliContext cli)
    {
        var id = SharedOptions.ConversationIdArgument();
        var json = new Option<bool>("--json") { Description = "Write one JSON object per change and line (for scripts) instead of text." };
        var command = new Command(
            "watch",
            "Show a conversation's attribute changes as they happen (who, when, what), from the notifications WebSocket, until Ctrl+C. " +
            "Reconnects by itself; changes made while it reconnects are not shown.")
        {
            id, json,
        };
        command.WithConnectionOptions().WithExamples(
            "pdata watch <conversationId>",
            "pdata watch <conversationId> --json | jq .attributes");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var conversationId = SharedOptions.ParseConversationId(parse.GetValue(id)!);
            var asJson = parse.GetValue(json);
            await using var connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            var participants = new ParticipantBook(await connection.Client.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false));
            await using var notifications = new NotificationsClient(connection.Client);
            await using var subscription = await notifications.SubscribeToAttributesAsync(conversationId, cancellationToken).ConfigureAwait(false);
            if (!asJson)
            {
                RenderHeader(cli, participants.Conversation);
            }

            cli.Notice($"Watching attribute changes of conversation {conversationId}; press Ctrl+C to stop.");
            try
            {
                await foreach (var update in subscription.ReadAttributeUpdatesAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!participants.Knows(update.ParticipantId))
                    {
                        // A participant that joined after the start: learn its purpose and name once.
                        await participants.RefreshAsync(connection.Client, cancellationToken).ConfigureAwait(false);
                    }

                    var who = participants.Find(update.ParticipantId);
                    var previous = participants.Apply(update);
                    if (asJson)
                    {
                        await cli.RawOut.WriteLineAsync(WatchJsonContext.Line(new WatchEventView(
                            update.EventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                            update.ConversationId.Value,
                            update.ParticipantId.Value,
                            who?.Purpose,
                            who?.Name,
                            update.Attributes,
                            previous.Count == 0 ? null : previous))).ConfigureAwait(false);
                        await cli.RawOut.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        RenderChange(cli, update, who, previous);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the normal way to stop.
            }

            cli.Notice("Stopped watching.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static void RenderHeader(CliContext cli, Conversation conversation)
    {
        cli.Out.MarkupLine($"Conversation [bold]{conversation.Id}[/] · {conversation.MediaType.ToString().ToLowerInvariant()} · {(conversation.IsActive ? "[green]active[/]" : "[grey]ended[/]")}");
        foreach (var p in conversation.Participants)
        {
            var attributes = p.Attributes.Count == 0
                ? "[grey]no attributes[/]"
                : Markup.Escape(string.Join(", ", p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")));
            cli.Out.MarkupLine($"  {Markup.Escape(Who(p))}  [grey]{p.Id}[/]  {attributes}");
        }
    }

    private static void RenderChange(CliContext cli, AttributeUpdateEvent update, Participant? who, IReadOnlyDictionary<string, string> previous)
    {
        var time = TimeZoneInfo.ConvertTime(update.EventTime, cli.Time.LocalTimeZone).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var name = who is null ? update.ParticipantId.Value : Who(who);
        foreach (var (key, value) in update.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var change = previous.TryGetValue(key, out var before)
                ? $"{Markup.Escape(Quote(before))} → [bold]{Markup.Escape(Quote(value))}[/]"
                : $"[grey](new)[/] [bold]{Markup.Escape(Quote(value))}[/]";
            cli.Out.MarkupLine($"{time}  [cyan]{Markup.Escape(name)}[/]  {Markup.Escape(key)}: {change}");
        }
    }

    private static string Who(Participant p) =>
        string.IsNullOrEmpty(p.Name) || string.Equals(p.Name, p.Purpose, StringComparison.OrdinalIgnoreCase)
            ? p.Purpose ?? "participant"
            : $"{p.Purpose ?? "participant"} ({p.Name})";

    private static string Quote(string value) => value.Length == 0 ? "\"\"" : value;

    /// <summary>The conversation's participants and the attribute values last seen, to say who changed what from what.</summary>
    private sealed class ParticipantBook(Conversation conversation)
    {
        private readonly Dictionary<ParticipantId, Dictionary<string, string>> _values = conversation.Participants.ToDictionary(
            p => p.Id, p => new Dictionary<string, string>(p.Attributes, StringComparer.Ordinal));

        public Conversation Conversation { get; private set; } = conversation;

        public bool Knows(ParticipantId id) => _values.ContainsKey(id);

        public Participant? Find(ParticipantId id) => Conversation.Participants.FirstOrDefault(p => p.Id == id);

        public async Task RefreshAsync(ParticipantDataClient client, CancellationToken cancellationToken)
        {
            try
            {
                Conversation = await client.GetConversationAsync(Conversation.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (ParticipantDataException)
            {
                // Best effort: the change is still shown, with the participant's id.
            }
        }

        /// <summary>Records the update; returns the values it replaced (keys that had one).</summary>
        public Dictionary<string, string> Apply(AttributeUpdateEvent update)
        {
            if (!_values.TryGetValue(update.ParticipantId, out var values))
            {
                values = new Dictionary<string, string>(StringComparer.Ordinal);
                _values[update.ParticipantId] = values;
            }

            var previous = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in update.Attributes)
            {
                if (values.TryGetValue(key, out var before))
                {
                    previous[key] = before;
                }

                values[key] = value;
            }

            return previous;
        }
    }
}
