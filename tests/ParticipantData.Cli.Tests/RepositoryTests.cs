using System.Text.RegularExpressions;

namespace ParticipantData.Cli.Tests;

/// <summary>The clone is the whole project: no code or test reaches beside the repository, and the tool names its version.</summary>
public sealed partial class RepositoryTests
{
    [Fact]
    public void No_code_or_test_reads_the_shared_folder_beside_the_repository()
    {
        var root = ReadmeTests.RepositoryRoot();
        var offenders = new[] { "src", "tests", "bench" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories))
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".csproj", StringComparison.Ordinal) || path.EndsWith(".props", StringComparison.Ordinal))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => !path.EndsWith(nameof(RepositoryTests) + ".cs", StringComparison.Ordinal) && SharedPath().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(root, path))
            .ToList();

        offenders.ShouldBeEmpty("these files name a path into the shared folder beside the repository (copy what a test needs into the repository, saying where it came from)");
    }

    [Fact]
    public async Task Version_prints_the_tool_s_version_and_exits_0()
    {
        var cli = new CliRunner();

        (await cli.RunAsync("--version")).ShouldBe(0, cli.Error);

        cli.Out.Trim().ShouldMatch(@"^\d+\.\d+\.\d+");
    }

    // A path that goes up out of the repository into the shared folder, written with a slash, a backslash or Path.Combine.
    [GeneratedRegex(@"\.\.[/\\]+shared|""\.\.""\s*,\s*""shared""")]
    private static partial Regex SharedPath();
}
