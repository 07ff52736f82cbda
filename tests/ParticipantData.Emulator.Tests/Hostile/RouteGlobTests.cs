using ParticipantData.Emulator.Faults;

namespace ParticipantData.Emulator.Tests.Hostile;

/// <summary>
/// Fault-plan route patterns match in pattern × path steps. (Regression: matching was exponential in the number
/// of <c>**</c> segments; 5 stars over 100 segments took 361 ms while every request waited on the plan's lock.)
/// </summary>
public sealed class RouteGlobTests
{
    [Theory]
    [InlineData("/api/**", "/api/v2/conversations/x", true)]
    [InlineData("/api/**", "/api", true)]
    [InlineData("/**/attributes", "/api/v2/conversations/x/participants/y/attributes", true)]
    [InlineData("/api/v2/conversations/*/participants/*/attributes", "/api/v2/conversations/x/participants/y/attributes", true)]
    [InlineData("/api/v2/conversations/*/participants/*/attributes", "/api/v2/conversations/x/participants/attributes", false)]
    [InlineData("/**/participants/**/attributes", "/api/v2/conversations/x/participants/y/attributes", true)]
    [InlineData("/**/b/**/b", "/a/b/c/b/d", false)]
    [InlineData("/**/b/**/b", "/a/b/c/b/b", true)]
    [InlineData("/a/*", "/a/", false)]
    [InlineData("/oauth/token", "/oauth/token", true)]
    [InlineData("/oauth/token", "/oauth/token/x", false)]
    public void Patterns_match_as_the_fault_plan_documents(string pattern, string path, bool matches) =>
        RoutePattern.TryParse(pattern, out _)!.Matches("GET", RoutePattern.Split(path)).ShouldBe(matches);

    [Fact]
    public void A_pattern_of_many_double_stars_that_cannot_match_a_long_path_is_answered()
    {
        // Exponential backtracking would take C(300, 12) steps here (about 10^22): this returning at all is the test.
        var pattern = RoutePattern.TryParse(string.Concat(Enumerable.Repeat("/**/a", 12)) + "/never", out _)!;
        var path = RoutePattern.Split(string.Concat(Enumerable.Repeat("/a", 300)));

        pattern.Matches("GET", path).ShouldBeFalse();
    }
}
