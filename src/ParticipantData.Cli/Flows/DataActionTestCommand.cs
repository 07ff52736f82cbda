using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ParticipantData.Architect.DataActions;
using ParticipantData.Architect.Flows;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli.Flows;

/// <summary>
/// <c>pdata data-action test action.json --input name=value …</c>: runs one data action against its real endpoint and
/// prints the steps the way Genesys's <c>/test</c> does (operations with their intermediate results, then the final result).
/// </summary>
internal static class DataActionTestCommand
{
    public static Command Create(CliContext cli)
    {
        var actionFile = new Argument<FileInfo>("action") { Description = "The data action definition (its Genesys export JSON)." };
        var inputs = new Option<string[]>("--input") { Description = "An input: name=value (repeatable); numbers and booleans follow the input contract's types.", HelpName = "name=value" };
        var timeoutSeconds = new Option<int?>("--timeout-seconds") { Description = "Give up on the endpoint after this many seconds. Default: the action's config.timeoutSeconds, else 60.", HelpName = "seconds" };
        var json = SharedOptions.Json();
        var command = new Command("test", "Run a data action against its real endpoint and show each step: inputs against the contract, request built, response, translation map, success template, output contract.")
        {
            actionFile, inputs, timeoutSeconds, json,
        }.WithExamples(
            "pdata data-action test examples/flows/data-actions/get-loyalty-tier.json --input phoneNumber=+13175550100",
            "pdata data-action test action.json --input queueId=abc --json");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(actionFile)!;
            if (!file.Exists)
            {
                throw new UsageException($"The data action file '{file.FullName}' does not exist.", "Pass a data action export (*.json).");
            }

            DataAction action;
            try
            {
                action = DataAction.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false));
            }
            catch (DataActionException e)
            {
                throw new UsageException($"{file.Name}: {e.Message}");
            }

            var input = Inputs(action, parse.GetValue(inputs) ?? []);
            var timeout = TimeSpan.FromSeconds(parse.GetValue(timeoutSeconds) ?? action.TimeoutSeconds ?? 60);
            using var http = new HttpClient();
            var view = await RunAsync(action, input, new HttpDataActionEndpoint(http, cli.Time), timeout, cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(FlowJsonContext.Serialize(view)).ConfigureAwait(false);
            }
            else
            {
                Render(cli, view);
            }

            return view.Success ? ExitCodes.Success : ExitCodes.CheckFailed;
        });
        return new Command("data-action", "Data actions (Genesys export JSON) offline and against their endpoints.") { command }.WithExamples(
            "pdata data-action test examples/flows/data-actions/get-loyalty-tier.json --input phoneNumber=+13175550100");
    }

    internal static async Task<DataActionTestView> RunAsync(DataAction action, JsonObject input, IDataActionEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var steps = new List<DataActionStepView>();
        DataActionTestView Done(bool success, string? final = null) => new(action.Name, success, steps, final);
        void Ok(string name, string? result) => steps.Add(new DataActionStepView(steps.Count + 1, name, true, result, null));
        void Failed(string name, string error) => steps.Add(new DataActionStepView(steps.Count + 1, name, false, null, error));

        try
        {
            action.ValidateInputs(input);
            Ok("Validate inputs against contract.input.inputSchema", input.ToJsonString());
        }
        catch (DataActionException e)
        {
            Failed("Validate inputs against contract.input.inputSchema", e.Message);
            return Done(false);
        }

        DataActionRequest request;
        try
        {
            request = action.BuildRequest(input);
            var headers = string.Join("\n", request.Headers.Select(h => $"{h.Key}: {h.Value}"));
            Ok("Resolve request URL, headers and body templates", $"{request.Method} {request.Url}" + (headers.Length > 0 ? "\n" + headers : "") + (request.Body is null ? "" : "\n\n" + request.Body));
        }
        catch (DataActionException e)
        {
            Failed("Resolve request URL, headers and body templates", e.Message);
            return Done(false);
        }

        var response = await endpoint.SendAsync(action.Name, request, timeout, cancellationToken).ConfigureAwait(false);
        if (response.TimedOut)
        {
            Failed("Execute request", string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0.###} s"));
            return Done(false);
        }

        if (!response.IsSuccess)
        {
            Failed("Execute request", string.Create(CultureInfo.InvariantCulture, $"the endpoint answered {response.Status}: {response.Body}"));
            return Done(false);
        }

        Ok("Execute request", string.Create(CultureInfo.InvariantCulture, $"{response.Status}\n{response.Body}"));
        string[] names = ["Apply translation map (with defaults)", "Resolve success template", "Validate output against contract.output.successSchema"];
        try
        {
            var output = action.TranslateResponse(response.Body);
            foreach (var name in names)
            {
                Ok(name, name == names[^1] ? "valid" : null);
            }

            return Done(true, output?.ToJsonString() ?? "null");
        }
        catch (DataActionException e)
        {
            var failedAt = e.Step switch
            {
                DataActionStep.Translation => 0,
                DataActionStep.SuccessTemplate => 1,
                _ => 2,
            };
            for (var i = 0; i < failedAt; i++)
            {
                Ok(names[i], null);
            }

            Failed(names[failedAt], e.Message);
            return Done(false);
        }
    }

    private static JsonObject Inputs(DataAction action, string[] assignments)
    {
        var input = new JsonObject();
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--input {assignment}: expected name=value, e.g. --input phoneNumber=+13175550100.");
            }

            var name = assignment[..equals];
            var text = assignment[(equals + 1)..];
            var type = action.InputSchema?["properties"]?[name]?["type"]?.GetValue<string>();
            input[name] = type switch
            {
                "integer" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
                "number" when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
                "boolean" when bool.TryParse(text, out var b) => JsonValue.Create(b),
                "integer" or "number" or "boolean" => throw new UsageException($"--input {name}: the input contract says {type}; '{text}' is not one."),
                _ => JsonValue.Create(text),
            };
        }

        return input;
    }

    private static void Render(CliContext cli, DataActionTestView view)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(view.Action)).AddColumn("#").AddColumn("Step").AddColumn("Result");
        foreach (var step in view.Operations)
        {
            table.AddRow(step.Step.ToString(CultureInfo.InvariantCulture), Markup.Escape(step.Name),
                step.Success ? Markup.Escape(step.Result ?? "ok") : $"[red]{Markup.Escape(step.Error ?? "failed")}[/]");
        }

        cli.Out.Write(table);
        cli.Out.MarkupLine(view.Success ? $"[green]finalResult[/]: {Markup.Escape(view.FinalResult ?? "")}" : "[red]FAILED[/]");
    }
}
