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
        var follow = new Option<bool>("--follow") { Description = "Keep watching after the conversation ends (by default watch reports the end and exits 0)." };
        var purpose = new Option<string?>("--purpose") { Description = "Only changes of participants with this purpose (customer, agent, acd, ivr, ...).", HelpName = "purpose" };
        var participantFilter = new Option<string?>("--participant") { Description = "Only changes of this participant (a UUID).", HelpName = "id" };
        var count = new Option<int?>("--count") { Description = "Exit 0 after this many changes have been shown.", HelpName = "N" };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--count must be 1 or more.");
            }
        });
        var command = new Command(
            "watch",
            "Show a conversation's attribute changes as they happen (who, when, what), from the notifications WebSocket, until the conversation ends " +
            "(exit 0), --count changes were shown (exit 0), --timeout passes (exit 5) or Ctrl+C (exit 130). " +
            "Reconnects by itself; changes made while it reconnects are not shown.")
        {
            id, json, follow, purpose, participantFilter, count,
        };
        command.WithConnectionOptions().WithExamples(
            "pdata watch <conversationId>",
            "pdata watch <conversationId> --json | jq .attributes",
            "pdata watch <conversationId> --purpose customer --count 1 --timeout 30s   # in CI: wait for one write");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var conversationId = SharedOptions.ParseConversationId(parse.GetValue(id)!);
            var asJson = parse.GetValue(json);
            var only = parse.GetValue(participantFilter) is { } text
                ? (ParticipantId.TryParse(text, out var pid) ? pid : throw new UsageException($"'{text}' is not a participant id.", "Participant ids are UUIDs; see them with 'pdata conversation get <conversationId>'."))
                : (ParticipantId?)null;
            var onlyPurpose = parse.GetValue(purpose);
            var limit = parse.GetValue(count);
            var untilEnd = !parse.GetValue(follow);
            await using var connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            var participants = new ParticipantBook(await connection.Client.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false));
            if (!asJson)
            {
                RenderHeader(cli, participants.Conversation);
            }

            if (untilEnd && !participants.Conversation.IsActive)
            {
                cli.Notice($"Conversation {conversationId} has already ended; nothing to watch (--follow watches anyway).");
                return ExitCodes.Success;
            }

            await using var notifications = new NotificationsClient(connection.Client);
            await using var subscription = await notifications.SubscribeToAttributesAsync(conversationId, cancellationToken).ConfigureAwait(false);
            cli.Notice($"Watching attribute changes of conversation {conversationId}; press Ctrl+C to stop.");
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var ended = untilEnd ? WaitForEndAsync(connection.Client, conversationId, cli.Time, watching) : Task.FromResult<Conversation?>(null);
            var shown = 0;
            try
            {
                await foreach (var update in subscription.ReadAttributeUpdatesAsync(watching.Token).ConfigureAwait(false))
                {
                    if (!participants.Knows(update.ParticipantId))
                    {
                        // A participant that joined after the start: learn its purpose and name once.
                        await participants.RefreshAsync(connection.Client, cancellationToken).ConfigureAwait(false);
                    }

                    var who = participants.Find(update.ParticipantId);
                    var previous = participants.Apply(update);
                    if ((only is { } wanted && update.ParticipantId != wanted)
                        || (onlyPurpose is not null && !string.Equals(who?.Purpose, onlyPurpose, StringComparison.OrdinalIgnoreCase)))
                    {
                        continue;
                    }

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

                    if (limit is { } wantedCount && ++shown >= wantedCount)
                    {
                        cli.Notice($"Shown {shown} change{(shown == 1 ? "" : "s")} (--count); stopped watching.");
                        return ExitCodes.Success;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && ended.IsCompletedSuccessfully && ended.Result is { } end)
            {
                cli.Notice($"Conversation {conversationId} ended{(end.EndTime is { } at ? " at " + at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "")}; stopped watching.");
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cli.Interrupted.IsCancellationRequested)
            {
                // Ctrl+C: the usual way to stop; --timeout goes on to the caller, which exits 5.
                cli.Notice("Stopped watching.");
                return ExitCodes.Cancelled;
            }
            finally
            {
                await watching.CancelAsync().ConfigureAwait(false);
                await ended.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            }

            cli.Notice("Stopped watching.");
            return ExitCodes.Success;
        }, spinner: false);
        return command;
    }

    /// <summary>How often watch asks whether the conversation has ended (the attribute topic does not say).</summary>
    private static readonly TimeSpan EndPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Polls the conversation until it has ended, then stops the watch; null when the watch stopped first.</summary>
    private static async Task<Conversation?> WaitForEndAsync(ParticipantDataClient client, ConversationId id, TimeProvider time, CancellationTokenSource watching)
    {
        try
        {
            while (true)
            {
                await Task.Delay(EndPollInterval, time, watching.Token).ConfigureAwait(false);
                try
                {
                    var conversation = await client.GetConversationAsync(id, watching.Token).ConfigureAwait(false);
                    if (!conversation.IsActive)
                    {
                        await watching.CancelAsync().ConfigureAwait(false);
                        return conversation;
                    }
                }
                catch (ParticipantDataException)
                {
                    // A failed poll is not the end: the watch goes on and the next poll asks again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
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
