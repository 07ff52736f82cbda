using System.CommandLine;
using ParticipantData.Cli.Output;

namespace ParticipantData.Cli;

internal static class CommandRunner
{
    /// <summary>Sets an action whose every failure is reported as "error / hint" with an exit code, never a stack trace.</summary>
    public static void SetCliAction(this Command command, CliContext cli, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(cli, e);
            }
        });
}
