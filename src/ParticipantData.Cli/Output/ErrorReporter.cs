using System.CommandLine;
using ParticipantData.Client;
using Spectre.Console;

namespace ParticipantData.Cli.Output;

/// <summary>Turns every failure into "error: what failed" + "hint: what to do" and an exit code; never a stack trace.</summary>
internal static class ErrorReporter
{
    public static int Report(CliContext cli, Exception exception)
    {
        var (code, message, hint, context) = Classify(exception);
        cli.Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        if (hint is not null)
        {
            cli.Error.MarkupLine($"[yellow]hint:[/] {Markup.Escape(hint)}");
        }

        if (context is not null)
        {
            cli.Error.MarkupLine($"[grey]contextId: {Markup.Escape(context)}[/]");
        }

        return code;
    }

    public static int Usage(CliContext cli, string message, string? hint = null) =>
        Report(cli, new UsageException(message, hint));

    private static (int Code, string Message, string? Hint, string? ContextId) Classify(Exception exception) => exception switch
    {
        UsageException e => (ExitCodes.Usage, e.Message, e.Hint, null),
        GenesysAuthenticationException e => (e.Status is null ? ExitCodes.Unavailable : ExitCodes.Configuration, e.Message, e.Hint, null),
        GenesysApiException e => (ExitCodes.ApiError, e.Message, e.Hint, e.ContextId),
        ParticipantDataTimeoutException e => (ExitCodes.Unavailable, e.Message, e.Hint, null),
        ParticipantDataException e => (ExitCodes.ApiError, e.Message, e.Hint, null),
        ConfigurationException e => (ExitCodes.Configuration, e.Message, e.Hint, null),
        ArgumentException e => (ExitCodes.Usage, e.Message, "Run the command with --help to see what it takes.", null),
        OperationCanceledException => (ExitCodes.Cancelled, "Interrupted.", null, null),
        HttpRequestException e => (ExitCodes.Unavailable, $"Could not reach the server: {e.Message}", "Check the API URL or region and your network.", null),
        IOException e => (ExitCodes.Usage, e.Message, "Check the file path and permissions.", null),
        _ => (ExitCodes.ApiError, $"Unexpected failure: {exception.GetType().Name}: {exception.Message}", "Please report this with the command you ran.", null),
    };
}

/// <summary>The command line or an input is wrong: exit code 2 with a message and what to do.</summary>
internal sealed class UsageException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}

/// <summary>Connection settings are missing or inconsistent: exit code 3.</summary>
internal sealed class ConfigurationException(string message, string? hint = null) : Exception(message)
{
    public string? Hint { get; } = hint;
}
