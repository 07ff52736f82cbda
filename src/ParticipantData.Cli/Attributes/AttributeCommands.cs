using System.CommandLine;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using Spectre.Console;

namespace ParticipantData.Cli.Attributes;

internal static class AttributeCommands
{
    public static Command Create(CliContext cli) =>
        new Command("attributes", "Read and write participant attributes (participant data).") { CreateGet(cli), CreateSet(cli) }.WithExamples(
            "pdata attributes get <conversationId> --purpose customer",
            "pdata attributes set <conversationId> loyalty_tier=gold");

    private static Option<string?> ParticipantOption() => new("--participant") { Description = "The participant id (a UUID).", HelpName = "id" };

    private static Option<string?> PurposeOption() => new("--purpose")
    {
        Description = "Pick the participant by purpose (customer, agent, acd, ivr, ...). Default: customer.",
        HelpName = "purpose",
    };

    private static Command CreateGet(CliContext cli)
    {
        var id = SharedOptions.ConversationIdArgument();
        var participant = ParticipantOption();
        var purpose = PurposeOption();
        var json = SharedOptions.Json();
        var command = new Command("get", "Show a participant's attributes.") { id, participant, purpose, json }.WithConnectionOptions().WithExamples(
            "pdata attributes get <conversationId>                       # the customer",
            "pdata attributes get <conversationId> --purpose ivr --json");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var conversationId = SharedOptions.ParseConversationId(parse.GetValue(id)!);
            var selector = Selector(parse.GetValue(participant), parse.GetValue(purpose));
            await using var connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            var found = await connection.Client.GetParticipantAsync(conversationId, selector, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(new AttributesView(conversationId.Value, found.Id.Value, found.Purpose, found.Attributes))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            cli.Out.MarkupLine($"Attributes of the [bold]{Markup.Escape(found.Purpose ?? "?")}[/] participant {found.Id} in conversation {conversationId}:");
            RenderAttributes(cli, found.Attributes);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSet(CliContext cli)
    {
        var id = SharedOptions.ConversationIdArgument();
        var pairs = new Argument<string[]>("key=value")
        {
            Description = "Attributes to write; keys given replace the participant's values, other keys stay. Values are strings.",
            Arity = ArgumentArity.OneOrMore,
        };
        var participant = ParticipantOption();
        var purpose = PurposeOption();
        var deadline = new Option<string>("--deadline")
        {
            Description = "How long the write may take at most, conflicts (409), throttling (429) and retries included: 5s, 1500ms, 2 (seconds). Default 5s.",
            HelpName = "duration",
            DefaultValueFactory = _ => "5s",
        };
        var verify = new Option<string>("--verify")
        {
            Description = "none: the platform accepted the write; read-back: read it back and compare; ensure: keep it applied (a flow writing back " +
                "its copy is undone) for --ensure-for or until the conversation ends. Default none.",
            HelpName = "none|read-back|ensure",
            DefaultValueFactory = _ => "none",
        };
        verify.AcceptOnlyFromAmong("none", "read-back", "ensure");
        var ensureFor = new Option<string>("--ensure-for")
        {
            Description = "With --verify ensure: how long to keep the values applied (the command waits that long; Ctrl+C stops early). Default 2m.",
            HelpName = "duration",
            DefaultValueFactory = _ => "2m",
        };
        var json = SharedOptions.Json();
        var command = new Command(
            "set",
            "Write participant attributes (a merge: PATCH …/participants/{id}/attributes) through the attribute writer: conflicts (409) and throttling (429) " +
            "are absorbed within --deadline. Exits 0 only when the write applied.")
        {
            id, pairs, participant, purpose, deadline, verify, ensureFor, json,
        }.WithConnectionOptions().WithExamples(
            "pdata attributes set <conversationId> loyalty_tier=gold priority_tier=platinum",
            "pdata attributes set <conversationId> --participant <participantId> \"note=call back\"",
            "pdata attributes set <conversationId> loyalty_tier=gold --deadline 2s --verify ensure --ensure-for 30s");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var conversationId = SharedOptions.ParseConversationId(parse.GetValue(id)!);
            var selector = Selector(parse.GetValue(participant), parse.GetValue(purpose));
            var attributes = ParsePairs(parse.GetValue(pairs) ?? []);
            var options = new WriteOptions
            {
                Deadline = ParseDuration(parse.GetValue(deadline)!, "--deadline"),
                Verify = parse.GetValue(verify) switch { "read-back" => VerifyMode.ReadBack, "ensure" => VerifyMode.Ensure, _ => VerifyMode.None },
                EnsureFor = ParseDuration(parse.GetValue(ensureFor)!, "--ensure-for"),
            };
            await using var connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            var client = connection.Client;
            var participantId = selector.Id ?? (await client.GetParticipantAsync(conversationId, selector, cancellationToken).ConfigureAwait(false)).Id;
            await using var notifications = options.Verify == VerifyMode.Ensure ? new NotificationsClient(client) : null;
            await using var writer = new AttributeWriter(client, notifications: notifications);
            var result = await writer.WriteAsync(conversationId, participantId, attributes, options, cancellationToken).ConfigureAwait(false);
            var asJson = parse.GetValue(json);
            if (!result.Succeeded)
            {
                return Failed(cli, result, options);
            }

            var absorbed = Absorbed(result);
            if (asJson)
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(new AttributesView(conversationId.Value, participantId.Value, selector.Purpose, attributes))).ConfigureAwait(false);
            }
            else
            {
                cli.Out.MarkupLine($"Wrote {attributes.Count} attribute{(attributes.Count == 1 ? "" : "s")} to participant {participantId} in conversation {conversationId}:");
                RenderAttributes(cli, attributes);
                cli.Out.MarkupLine(Markup.Escape(
                    $"{(result.Outcome == WriteOutcome.Verified ? "Applied and read back" : "Applied")} in {result.Latency.TotalMilliseconds:0} ms, {Plural(result.Attempts, "attempt")}; {absorbed}."));
            }

            if (result.Ensured)
            {
                await EnsureAsync(cli, writer, options.EnsureFor, asJson, cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A write that did not apply: the error shape every command shares (text, or the envelope under --json).</summary>
    private static int Failed(CliContext cli, WriteResult result, WriteOptions options)
    {
        var (exitCode, code, hint) = result.FailureReason switch
        {
            FailureReason.BudgetExhausted => (ExitCodes.Unavailable, "budget.exhausted",
                "The OAuth client's 300 requests a minute are spent by other work; try again shortly, or give the write a longer --deadline."),
            FailureReason.DeadlinePassed => (ExitCodes.Unavailable, "deadline.passed",
                $"The conversation is heavily contended or the platform is slow; give the write a longer --deadline (it had {options.Deadline.TotalSeconds:0.###} s)."),
            FailureReason.NotVerified => (ExitCodes.CheckFailed, "not.verified",
                "Something else wrote the same keys right after; use --verify ensure to keep the values applied."),
            _ => (ExitCodes.ApiError, "rejected", "The platform rejected the write: writing it again will not help."),
        };
        return ErrorReporter.Write(cli, new CliFailure(exitCode, code, $"The write did not apply: {result.FailureMessage} ({Absorbed(result)}).", hint));
    }

    private static async Task EnsureAsync(CliContext cli, AttributeWriter writer, TimeSpan ensureFor, bool asJson, CancellationToken cancellationToken)
    {
        if (!asJson)
        {
            cli.Error.MarkupLine(Markup.Escape($"Keeping the values applied for {ensureFor.TotalSeconds:0.#} s or until the conversation ends (Ctrl+C stops)…"));
        }

        try
        {
            while (writer.EnsureStatistics.EnsuredKeys > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cli.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping early is fine: the write applied.
        }

        if (!asJson)
        {
            cli.Out.MarkupLine(Markup.Escape($"Stopped ensuring: {Plural(writer.EnsureStatistics.Reapplied, "re-apply", "re-applies")} after an overwrite."));
        }
    }

    private static string Absorbed(WriteResult result) =>
        $"{Plural(result.ConflictsAbsorbed, "conflict")} (409) and {Plural(result.ThrottlesAbsorbed, "throttle")} (429) absorbed" +
        (Math.Max(0, result.Attempts - (result.Outcome == WriteOutcome.Verified ? 2 : 1) - result.ConflictsAbsorbed - result.ThrottlesAbsorbed) is > 0 and var transient
            ? $", {Plural(transient, "server error or dropped connection", "server errors or dropped connections")} retried"
            : "") +
        (result.QueuedForBudget >= TimeSpan.FromMilliseconds(1) ? $", {result.QueuedForBudget.TotalMilliseconds:0} ms queued for the request budget" : "");

    private static string Plural(int count, string one, string? many = null) =>
        $"{count} {(count == 1 ? one : many ?? one + "s")}";

    /// <summary>Reads 5s, 1500ms, 2m or a bare number of seconds.</summary>
    internal static TimeSpan ParseDuration(string text, string option)
    {
        var value = text.Trim();
        var (number, unit) = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1.0)
            : value.EndsWith('s') || value.EndsWith('S') ? (value[..^1], 1000.0)
            : value.EndsWith('m') || value.EndsWith('M') ? (value[..^1], 60_000.0)
            : (value, 1000.0);
        return double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var amount) && amount > 0 && amount * unit <= TimeSpan.FromHours(1).TotalMilliseconds
            ? TimeSpan.FromMilliseconds(amount * unit)
            : throw new UsageException($"{option} '{text}' is not a duration.", $"Give a positive duration up to an hour, e.g. {option} 5s, 1500ms or 2m.");
    }

    internal static ParticipantSelector Selector(string? participant, string? purpose)
    {
        if (participant is not null && purpose is not null)
        {
            throw new UsageException("Give either --participant or --purpose, not both.", "--participant <id> names one participant; --purpose <purpose> picks one by role (customer by default).");
        }

        if (participant is not null)
        {
            return ParticipantId.TryParse(participant, out var pid)
                ? ParticipantSelector.ById(pid)
                : throw new UsageException($"'{participant}' is not a participant id.", participant.Trim().ToLowerInvariant() is "guest" or "customer" or "caller"
                    ? $"There is no participant called '{participant}': the web-messaging guest (or the caller) is the participant whose purpose is customer; use --purpose customer."
                    : "Participant ids are UUIDs; see them with 'pdata conversation get <conversationId>', or use --purpose customer.");
        }

        return purpose is null ? ParticipantSelector.Customer : ParticipantSelector.ByPurpose(purpose);
    }

    internal static Dictionary<string, string> ParsePairs(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new UsageException(
                    $"'{pair}' is not key=value.",
                    "Write each attribute as key=value, e.g. loyalty_tier=gold (quote values with spaces: \"note=call back\").");
            }

            result[pair[..at].Trim()] = pair[(at + 1)..];
        }

        return result;
    }

    private static void RenderAttributes(CliContext cli, IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            cli.Out.MarkupLine("[grey](no attributes)[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Key").AddColumn("Value");
        foreach (var (key, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(key), Markup.Escape(value));
        }

        cli.Out.Write(table);
    }
}
