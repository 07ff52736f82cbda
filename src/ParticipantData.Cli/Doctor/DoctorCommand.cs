using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using ParticipantData.Cli.Output;
using ParticipantData.Client;
using ParticipantData.Emulator;
using Spectre.Console;

namespace ParticipantData.Cli.Doctor;

/// <summary>
/// <c>pdata doctor</c>: the connection settings, the region or URL, login, the permissions participant data needs and
/// clock skew, one line each with what to fix. Every network step is bounded, so an unreachable region gives a
/// verdict in seconds.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>Each network step's bound when --timeout is not given.</summary>
    private static readonly TimeSpan DefaultStepTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SkewWarning = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SkewFailure = TimeSpan.FromMinutes(5);

    /// <summary>An id no conversation has: the probes get 404 when allowed, 403 when a permission is missing.</summary>
    private static readonly ConversationId Probe = ConversationId.Parse("00000000-0000-4000-8000-00000000d0c7");

    public static Command Create(CliContext cli)
    {
        var json = SharedOptions.Json();
        var command = new Command("doctor",
            "Check the connection: settings, region or URL, login, the permissions participant data needs, and clock skew; one line per check with what to fix. " +
            "Exit 0 when pdata can read and write participant data, else the exit code of the first failure.")
        {
            json,
        };
        command.Options.Add(SharedOptions.ApiUrl);
        var stepTimeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "Bound of each network check (30, 30s, 500ms, 2m). Default 5 s.",
            HelpName = "duration",
            CustomParser = result => SharedOptions.ParseDuration(result, "--timeout"),
        };
        command.Options.Add(stepTimeout);
        command.WithExamples("pdata doctor", "GENESYSCLOUD_API_URL=http://127.0.0.1:5080 pdata doctor --json", "pdata doctor --timeout 2s");
        command.SetCliAction(cli, async (parse, cancellationToken) =>
        {
            var checks = await RunAsync(cli, parse.GetValue(SharedOptions.ApiUrl), parse.GetValue(stepTimeout) ?? DefaultStepTimeout, cancellationToken).ConfigureAwait(false);
            var failed = checks.FirstOrDefault(c => c.Status == CheckStatus.Fail);
            var ready = failed is null;
            var verdict = ready
                ? $"ready: pdata can read and write participant data{(checks.Any(c => c.Status == CheckStatus.Warn) ? " (see the warnings)" : "")}."
                : $"not ready: {failed!.Name} failed; fix it and run 'pdata doctor' again.";
            if (parse.GetValue(json))
            {
                await cli.RawOut.WriteLineAsync(CliJsonContext.Serialize(new DoctorView(ready, verdict,
                    checks.Select(c => new DoctorCheckView(c.Name, c.Status.ToString().ToLowerInvariant(), c.Detail, c.Fix)).ToList()))).ConfigureAwait(false);
            }
            else
            {
                Render(cli, checks, ready, verdict);
            }

            return failed?.ExitCode ?? ExitCodes.Success;
        }, spinner: false);
        return command;
    }

    private static async Task<List<DoctorCheck>> RunAsync(CliContext cli, Uri? apiUrl, TimeSpan step, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        var options = ParticipantDataClientOptions.FromEnvironment(cli.Environment);
        if (apiUrl is not null)
        {
            options.ApiUrl = apiUrl;
        }

        var settings = CheckSettings(options);
        checks.Add(settings);
        if (settings.Status == CheckStatus.Fail)
        {
            checks.AddRange(Skipped("fix the connection settings first", "reachable", "login", "permissions", "clock"));
            return checks;
        }

        var url = options.ResolveApiUrl();
        var (reachable, skew) = await CheckReachableAsync(url, step, cli.Time, cancellationToken).ConfigureAwait(false);
        checks.Add(reachable);
        if (reachable.Status == CheckStatus.Fail)
        {
            checks.AddRange(Skipped("the API did not answer", "login", "permissions", "clock"));
            return checks;
        }

        options.TotalTimeout = step;
        options.AttemptTimeout = step;
        using var client = new ParticipantDataClient(options, timeProvider: cli.Time);
        var login = await CheckLoginAsync(client, options, step, cancellationToken).ConfigureAwait(false);
        checks.Add(login);
        checks.Add(login.Status == CheckStatus.Fail
            ? new DoctorCheck("permissions", CheckStatus.Skipped, "not checked: login failed")
            : await CheckPermissionsAsync(client, step, cancellationToken).ConfigureAwait(false));
        checks.Add(CheckSkew(skew));
        return checks;
    }

    private static DoctorCheck CheckSettings(ParticipantDataClientOptions options)
    {
        const string Name = "settings";
        if (!options.HasConnectionSettings)
        {
            return new DoctorCheck(Name, CheckStatus.Fail,
                "no GENESYSCLOUD_* variables and no --api-url: pdata commands run on a fresh embedded emulator, not on an org",
                $"for an org: export {ParticipantDataClientOptions.ClientIdVariable}, {ParticipantDataClientOptions.ClientSecretVariable} and {ParticipantDataClientOptions.RegionVariable} (e.g. us-east-1); " +
                $"for a running 'pdata emulator': export {ParticipantDataClientOptions.ApiUrlVariable}=http://127.0.0.1:5080")
            {
                ExitCode = ExitCodes.Configuration,
            };
        }

        var emulatorDefault = false;
        if (options.ClientId is null && options.ClientSecret is null && options.ApiUrl is { } loopback && IsLoopback(loopback))
        {
            options.ClientId = EmulatorOAuthClient.Default.ClientId;
            options.ClientSecret = EmulatorOAuthClient.Default.ClientSecret;
            emulatorDefault = true;
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            return new DoctorCheck(Name, CheckStatus.Fail, e.Message.TrimEnd('.'),
                $"set {ParticipantDataClientOptions.ClientIdVariable} and {ParticipantDataClientOptions.ClientSecretVariable} together, and a known {ParticipantDataClientOptions.RegionVariable} or an http(s) {ParticipantDataClientOptions.ApiUrlVariable}")
            {
                ExitCode = ExitCodes.Configuration,
            };
        }

        var where = options.ApiUrl is { } url
            ? $"API URL {url.GetLeftPart(UriPartial.Authority)}"
            : $"region {options.Region ?? "us-east-1 (the default: no " + ParticipantDataClientOptions.RegionVariable + " set)"} → {options.ResolveApiUrl().GetLeftPart(UriPartial.Authority)}";
        var client = emulatorDefault ? $"the emulator's default client '{options.ClientId}'" : $"client id {options.ClientId}";
        if (options.ApiUrl is not null && options.Region is not null)
        {
            return new DoctorCheck(Name, CheckStatus.Warn, $"{where}, {client}; {ParticipantDataClientOptions.RegionVariable}={options.Region} is ignored",
                $"unset {ParticipantDataClientOptions.RegionVariable} or {ParticipantDataClientOptions.ApiUrlVariable}, so that one of them says where the org is");
        }

        return new DoctorCheck(Name, options.Region is null && options.ApiUrl is null ? CheckStatus.Warn : CheckStatus.Ok, $"{where}, {client}",
            options.Region is null && options.ApiUrl is null ? $"set {ParticipantDataClientOptions.RegionVariable} to the org's region (us-east-1, eu-west-1, …)" : null);
    }

    private static async Task<(DoctorCheck Check, TimeSpan? Skew)> CheckReachableAsync(Uri api, TimeSpan step, TimeProvider time, CancellationToken cancellationToken)
    {
        const string Name = "reachable";
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(step);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(new Uri(api, $"/api/v2/conversations/{Probe}"), bounded.Token).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            var skew = response.Headers.Date is { } date ? date - time.GetUtcNow() + elapsed / 2 : (TimeSpan?)null;
            return (new DoctorCheck(Name, CheckStatus.Ok,
                string.Create(CultureInfo.InvariantCulture, $"{api.GetLeftPart(UriPartial.Authority)} answered (HTTP {(int)response.StatusCode}) in {elapsed.TotalMilliseconds:0} ms")), skew);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {Describe(step)}" : e.Message;
            return (new DoctorCheck(Name, CheckStatus.Fail, $"{api.GetLeftPart(UriPartial.Authority)} cannot be reached: {why}",
                "check the region or URL (an emulator must be running: 'pdata emulator --port 5080'), the network, a proxy or a firewall")
            {
                ExitCode = ExitCodes.Unavailable,
            }, null);
        }
    }

    private static async Task<DoctorCheck> CheckLoginAsync(ParticipantDataClient client, ParticipantDataClientOptions options, TimeSpan step, CancellationToken cancellationToken)
    {
        const string Name = "login";
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(step);
        try
        {
            await client.LoginAsync(bounded.Token).ConfigureAwait(false);
            return new DoctorCheck(Name, CheckStatus.Ok, $"client credentials accepted by {options.ResolveLoginUrl().GetLeftPart(UriPartial.Authority)}");
        }
        catch (GenesysAuthenticationException e)
        {
            return new DoctorCheck(Name, CheckStatus.Fail, e.Message.TrimEnd('.'), e.Hint)
            {
                ExitCode = e.Status is null ? ExitCodes.Unavailable : ExitCodes.Configuration,
            };
        }
        catch (Exception e) when (e is ParticipantDataException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DoctorCheck(Name, CheckStatus.Fail, $"the login service did not answer within {Describe(step)}: {e.Message}",
                "check the region: the login host is derived from it (login.<region host>)")
            {
                ExitCode = ExitCodes.Unavailable,
            };
        }
    }

    /// <summary>
    /// Probes the operations with an id no conversation has: 404 means allowed, 403 names the missing permission.
    /// GET conversation needs conversation:communication:view; the attribute PATCH needs none (genesys-api.md §1).
    /// </summary>
    private static async Task<DoctorCheck> CheckPermissionsAsync(ParticipantDataClient client, TimeSpan step, CancellationToken cancellationToken)
    {
        const string Name = "permissions";
        var missing = new List<string>();
        var allowed = new List<string>();
        string? other = null;
        foreach (var (operation, probe) in new (string, Func<CancellationToken, Task>)[]
        {
            ("read conversations (conversation:communication:view)", ct => client.GetConversationAsync(Probe, ct)),
            ("write participant attributes", ct => client.SetParticipantAttributesAsync(Probe, ParticipantSelector.ById(ParticipantId.Parse(Probe.Value)),
                new Dictionary<string, string> { ["pdata_doctor"] = "probe" }, ct)),
        })
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(step);
            try
            {
                await probe(bounded.Token).ConfigureAwait(false);
                allowed.Add(operation);
            }
            catch (GenesysApiException e) when (e.Status == HttpStatusCode.NotFound)
            {
                allowed.Add(operation);
            }
            catch (GenesysApiException e) when (e.Status == HttpStatusCode.Forbidden)
            {
                missing.Add($"{operation}: {ErrorHintsFor(e)}");
            }
            catch (Exception e) when (e is ParticipantDataException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                other ??= $"{operation}: {e.Message}";
            }
        }

        if (missing.Count > 0)
        {
            return new DoctorCheck(Name, CheckStatus.Fail, "missing for " + string.Join("; ", missing),
                "add the permission(s) to a role of the OAuth client (Admin > Integrations > OAuth > Roles); roles decide, not scopes")
            {
                ExitCode = ExitCodes.ApiError,
            };
        }

        return other is not null
            ? new DoctorCheck(Name, CheckStatus.Fail, "could not check " + other, "run 'pdata doctor' again; if it persists, quote the message to support") { ExitCode = ExitCodes.ApiError }
            : new DoctorCheck(Name, CheckStatus.Ok, "allowed: " + string.Join(", ", allowed));
    }

    private static string ErrorHintsFor(GenesysApiException e) =>
        ErrorHints.MissingPermissions(e.ErrorMessage) ?? e.ErrorMessage ?? e.Message;

    private static DoctorCheck CheckSkew(TimeSpan? skew)
    {
        const string Name = "clock";
        if (skew is not { } value)
        {
            return new DoctorCheck(Name, CheckStatus.Warn, "the API sent no Date header, so the clock could not be compared");
        }

        var size = value.Duration();
        var text = string.Create(CultureInfo.InvariantCulture, $"this machine's clock is {size.TotalSeconds:0.#} s {(value > TimeSpan.Zero ? "behind" : "ahead of")} the API's");
        return size > SkewFailure
            ? new DoctorCheck(Name, CheckStatus.Fail, text, "set the clock (NTP): timestamps, token expiry and TLS certificates depend on it") { ExitCode = ExitCodes.Configuration }
            : size > SkewWarning
                ? new DoctorCheck(Name, CheckStatus.Warn, text, "set the clock (NTP)")
                : new DoctorCheck(Name, CheckStatus.Ok, text);
    }

    private static IEnumerable<DoctorCheck> Skipped(string because, params string[] names) =>
        names.Select(name => new DoctorCheck(name, CheckStatus.Skipped, "not checked: " + because));

    private static void Render(CliContext cli, List<DoctorCheck> checks, bool ready, string verdict)
    {
        foreach (var check in checks)
        {
            var label = check.Status switch
            {
                CheckStatus.Ok => "[green]OK  [/]",
                CheckStatus.Warn => "[yellow]WARN[/]",
                CheckStatus.Fail => "[red]FAIL[/]",
                _ => "[grey]SKIP[/]",
            };
            var fix = check.Fix is null ? "" : $" [yellow]fix:[/] {Markup.Escape(check.Fix)}";
            cli.Out.MarkupLine($"{label}  {check.Name,-11} {Markup.Escape(check.Detail)}{(check.Fix is null ? "" : ";")}{fix}");
        }

        cli.Out.MarkupLine(ready ? $"[green]Verdict:[/] {Markup.Escape(verdict)}" : $"[red]Verdict:[/] {Markup.Escape(verdict)}");
    }

    private static string Describe(TimeSpan span) =>
        span.TotalSeconds >= 1 ? span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address));
}
