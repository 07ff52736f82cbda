namespace ParticipantData.Cli;

/// <summary>The exit codes of <c>pdata</c>; listed in <c>pdata --help</c> and the README.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command ran but what it checks did not hold (a value read back differs, an expectation failed).</summary>
    public const int CheckFailed = 1;

    /// <summary>The command line or an input file is wrong.</summary>
    public const int Usage = 2;

    /// <summary>Connection settings are missing or wrong, or the OAuth login failed.</summary>
    public const int Configuration = 3;

    /// <summary>The platform answered with an error (4xx/5xx) that retries did not resolve.</summary>
    public const int ApiError = 4;

    /// <summary>The platform could not be reached or did not answer in time.</summary>
    public const int Unavailable = 5;

    /// <summary>Interrupted (Ctrl+C / SIGTERM).</summary>
    public const int Cancelled = 130;

    public const string HelpText =
        "Exit codes: 0 success; 1 a check failed (a value read back differs, a routing expectation failed, an expression failed at runtime); 2 bad command line or input; " +
        "3 connection settings or login failed; 4 the platform answered an error; 5 platform unreachable or timed out; 130 interrupted.";
}
