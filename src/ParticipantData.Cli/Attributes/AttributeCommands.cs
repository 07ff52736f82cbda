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
        var json = SharedOptions.Json();
        var command = new Command("set", "Write participant attributes (a merge: PATCH …/participants/{id}/attributes).") { id, pairs, participant, purpose, json }.WithConnectionOptions().WithExamples(
            "pdata attributes set <conversationId> loyalty_tier=gold priority_tier=platinum",
            "pdata attributes set <conversationId> --participant <participantId> \"note=call back\"");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var conversationId = SharedOptions.ParseConversationId(parse.GetValue(id)!);
            var selector = Selector(parse.GetValue(participant), parse.GetValue(purpose));
            var attributes = ParsePairs(parse.GetValue(pairs) ?? []);
            await using var connection = await Connection.Connection.OpenAsync(cli, parse.GetValue(SharedOptions.ApiUrl), cancellationToken).ConfigureAwait(false);
            var written = await connection.Client.SetParticipantAttributesAsync(conversationId, selector, attributes, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(new AttributesView(conversationId.Value, written.Value, selector.Purpose, attributes))).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            cli.Out.MarkupLine($"Wrote {attributes.Count} attribute{(attributes.Count == 1 ? "" : "s")} to participant {written} in conversation {conversationId}:");
            RenderAttributes(cli, attributes);
            return ExitCodes.Success;
        });
        return command;
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
