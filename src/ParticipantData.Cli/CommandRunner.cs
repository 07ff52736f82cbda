using System.CommandLine;
using System.Globalization;
using ParticipantData.Cli.Output;
using Spectre.Console;

namespace ParticipantData.Cli;

internal static class CommandRunner
{
    /// <summary>How long a command may wait for the platform before a terminal shows a spinner.</summary>
    private static readonly TimeSpan SpinnerDelay = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// Sets an action whose every failure is reported as "error / hint" with an exit code, never a stack trace;
    /// with <c>--timeout</c>, the action is cancelled past it and exits 5; on a terminal a slow action shows a spinner
    /// (<paramref name="spinner"/> false for commands that print as they go).
    /// </summary>
    public static void SetCliAction(this Command command, CliContext cli, Func<ParseResult, CancellationToken, Task<int>> action, bool spinner = true) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            cli.Interrupted = cancellationToken;
            var timeout = command.Options.Contains(SharedOptions.Timeout) ? parse.GetValue(SharedOptions.Timeout) : null;
            using var timer = timeout is { } limit ? new CancellationTokenSource(limit, cli.Time) : null;
            using var linked = timer is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                var work = action(parse, linked?.Token ?? cancellationToken);
                if (spinner && cli.Interactive && !cli.JsonOutput && command.Options.Contains(SharedOptions.Timeout))
                {
                    await ShowSpinnerWhileSlowAsync(cli, work, cancellationToken).ConfigureAwait(false);
                }

                return await work.ConfigureAwait(false);
            }
            catch (Exception e) when (timer is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested
                && e is OperationCanceledException or Client.ParticipantDataTimeoutException or TaskCanceledException)
            {
                return ErrorReporter.Report(cli, new CommandTimeoutException(
                    $"pdata {cli.CommandName} did not finish within {Describe(timeout!.Value)} (--timeout).",
                    "The platform answered too slowly or not at all: check the URL or region and the network, or give a longer --timeout."));
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(cli, e);
            }
        });

    private static async Task ShowSpinnerWhileSlowAsync(CliContext cli, Task<int> work, CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(work, Task.Delay(SpinnerDelay, cli.Time, cancellationToken)).ConfigureAwait(false);
        if (first != work && !work.IsCompleted)
        {
            await cli.Error.Status().Spinner(Spinner.Known.Dots).StartAsync("Waiting for the platform…", async _ =>
            {
                try
                {
                    await work.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // Reported by the caller, which awaits the same task.
                }
            }).ConfigureAwait(false);
        }
    }

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds >= 1 ? span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
