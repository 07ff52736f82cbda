using System.Net;
using ParticipantData.Client;
using Spectre.Console;

namespace ParticipantData.Cli.Output;

/// <summary>
/// Turns every failure into "error: what failed" + "hint: what to do" and an exit code; never a stack trace.
/// Under <c>--json</c> the same goes to standard output as one <see cref="ErrorEnvelope"/>, the shape every command shares.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(CliContext cli, Exception exception)
    {
        var failure = Classify(exception);
        if (failure.Status == (int)HttpStatusCode.NotFound && cli.EmbeddedEmulator is { } embedded)
        {
            failure = failure with { Hint = EmbeddedNotFoundHint(cli, embedded) };
        }

        return Write(cli, failure);
    }

    public static int Usage(CliContext cli, string message, string? hint = null) =>
        Report(cli, new UsageException(message, hint));

    /// <summary>Writes one failure as text on standard error, or as the JSON envelope on standard output under <c>--json</c>.</summary>
    public static int Write(CliContext cli, CliFailure failure)
    {
        // Ctrl+C is no failure of the command's output: a stream of JSON lines (watch --json) stays just that.
        if (cli.JsonOutput && failure.ExitCode != ExitCodes.Cancelled)
        {
            cli.RawOut.WriteLine(CliJsonContext.Serialize(new ErrorEnvelope(new ErrorView(
                cli.CommandName, failure.Message, failure.Code, failure.Hint, failure.ExitCode, failure.Status, failure.ContextId, failure.Details))));
            return failure.ExitCode;
        }

        ConsoleText.Line(cli.Error, "[red]error:[/]", failure.Message);
        foreach (var detail in failure.Details ?? [])
        {
            ConsoleText.Block(cli.Error, "  ", detail);
        }

        if (failure.Hint is not null)
        {
            ConsoleText.Line(cli.Error, "[yellow]hint:[/]", failure.Hint);
        }

        if (failure.ContextId is not null)
        {
            ConsoleText.Line(cli.Error, "contextId: " + failure.ContextId, new Style(Color.Grey));
        }

        return failure.ExitCode;
    }

    /// <summary>The trap of the embedded emulator: its ids are its own, not those of the emulator running in another shell.</summary>
    private static string EmbeddedNotFoundHint(CliContext cli, Uri embedded)
    {
        var running = cli.Session.RunningEmulators();
        var intro = $"No GENESYSCLOUD_* settings are set, so this ran on a fresh embedded emulator ({embedded.GetLeftPart(UriPartial.Authority)}) with ids of its own; ids from another emulator or an org are not there. ";
        return running.Count switch
        {
            0 => intro + $"Start one with 'pdata emulator --port 5080' and point pdata at it: export {ParticipantDataClientOptions.ApiUrlVariable}=http://127.0.0.1:5080",
            1 => intro + $"To use the running 'pdata emulator': export {ParticipantDataClientOptions.ApiUrlVariable}={running[0].GetLeftPart(UriPartial.Authority)}",
            _ => intro + "To use a running 'pdata emulator', one of: " +
                string.Join(" | ", running.Select(u => $"export {ParticipantDataClientOptions.ApiUrlVariable}={u.GetLeftPart(UriPartial.Authority)}")),
        };
    }

    private static CliFailure Classify(Exception exception) => exception switch
    {
        UsageException e => new(ExitCodes.Usage, "usage", e.Message, e.Hint) { Details = e.Details },
        GenesysAuthenticationException e => e.Status is null
            ? new(ExitCodes.Unavailable, "unreachable", e.Message, e.Hint)
            : new(ExitCodes.Configuration, e.Error ?? "login.failed", e.Message, e.Hint) { Status = (int)e.Status },
        GenesysApiException e => new(ExitCodes.ApiError, e.Code ?? "api.error", e.Message, e.Hint) { Status = (int)e.Status, ContextId = e.ContextId },
        ParticipantDataTimeoutException e => new(ExitCodes.Unavailable, "timeout", e.Message, e.Hint),
        CommandTimeoutException e => new(ExitCodes.Unavailable, "timeout", e.Message, e.Hint),
        ParticipantDataException e => new(ExitCodes.ApiError, "api.error", e.Message, e.Hint),
        ConfigurationException e => new(ExitCodes.Configuration, "configuration", e.Message, e.Hint),
        ArgumentException e => new(ExitCodes.Usage, "usage", e.Message, "Run the command with --help to see what it takes."),
        OperationCanceledException => new(ExitCodes.Cancelled, "interrupted", "Interrupted.", null),
        HttpRequestException e => new(ExitCodes.Unavailable, "unreachable", $"Could not reach the server: {e.Message}", "Check the API URL or region and your network."),
        IOException e => new(ExitCodes.Usage, "usage", e.Message, "Check the file path and permissions."),
        _ => new(ExitCodes.ApiError, "unexpected", $"Unexpected failure: {exception.GetType().Name}: {exception.Message}", "Please report this with the command you ran."),
    };
}

/// <summary>One failure as a user sees it: exit code, a stable code, the message, what to do.</summary>
internal sealed record CliFailure(int ExitCode, string Code, string Message, string? Hint)
{
    /// <summary>The platform's HTTP status, when it answered.</summary>
    public int? Status { get; init; }

    public string? ContextId { get; init; }

    /// <summary>Further lines (e.g. each syntax error with its caret).</summary>
    public IReadOnlyList<string>? Details { get; init; }
}

/// <summary>The command line or an input is wrong: exit code 2 with a message and what to do.</summary>
internal sealed class UsageException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;

    public IReadOnlyList<string>? Details { get; init; }
}

/// <summary>Connection settings are missing or inconsistent: exit code 3.</summary>
internal sealed class ConfigurationException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}

/// <summary>The command did not finish within <c>--timeout</c>: exit code 5.</summary>
internal sealed class CommandTimeoutException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}
