using ParticipantData.Architect.Functions;

namespace ParticipantData.Architect.Tests.Functions;

/// <summary>docs/architect.md lists every function; this keeps the list honest as functions are added.</summary>
public sealed class DocumentationTests
{
    [Fact]
    public void Every_function_is_documented_with_its_status()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ParticipantData.slnx")))
        {
            directory = directory.Parent;
        }

        directory.ShouldNotBeNull();
        var docs = File.ReadAllText(Path.Combine(directory.FullName, "docs", "architect.md"));
        foreach (var function in FunctionRegistry.All)
        {
            docs.ShouldContain($"`{function.Name}`", customMessage: $"{function.Name} is not in docs/architect.md");
            if (function.Status == FunctionStatus.Unverified)
            {
                var row = docs.Split('\n').First(l => l.StartsWith("| `", StringComparison.Ordinal) && l.Contains($"`{function.Name}`", StringComparison.Ordinal));
                row.ShouldContain("unverified", customMessage: $"{function.Name} should be marked unverified");
            }
        }
    }
}
