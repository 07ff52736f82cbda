namespace ParticipantData.Cli.Doctor;

internal enum CheckStatus
{
    Ok,
    Warn,
    Fail,
    Skipped,
}

/// <summary>One line of <c>pdata doctor</c>: what was checked, how it went, and what to fix.</summary>
internal sealed record DoctorCheck(string Name, CheckStatus Status, string Detail, string? Fix = null)
{
    /// <summary>The exit code a failed check gives the run (the first failure decides).</summary>
    public int ExitCode { get; init; } = ExitCodes.Success;
}

internal sealed record DoctorView(bool Ready, string Verdict, IReadOnlyList<DoctorCheckView> Checks);

internal sealed record DoctorCheckView(string Name, string Status, string Detail, string? Fix);
