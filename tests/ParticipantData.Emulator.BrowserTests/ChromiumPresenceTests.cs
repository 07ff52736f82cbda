namespace ParticipantData.Emulator.BrowserTests;

public sealed class ChromiumPresenceTests
{
    [Fact]
    public void Chromium_is_installed_where_the_browser_tests_look_for_it() =>
        File.Exists(Chromium.ExecutablePath).ShouldBeTrue(Chromium.MissingMessage);
}
