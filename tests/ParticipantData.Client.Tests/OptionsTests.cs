using System.Collections;

namespace ParticipantData.Client.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("us-east-1", "https://api.mypurecloud.com/")]
    [InlineData("eu_west_1", "https://api.mypurecloud.ie/")]
    [InlineData("mypurecloud.de", "https://api.mypurecloud.de/")]
    [InlineData("ap-southeast-2", "https://api.mypurecloud.com.au/")]
    [InlineData("us-west-2", "https://api.usw2.pure.cloud/")]
    public void Regions_map_to_the_sdk_api_urls(string region, string expected)
    {
        GenesysRegions.TryGetApiUrl(region, out var url).ShouldBeTrue();
        url.ToString().ShouldBe(expected);
    }

    [Fact]
    public void The_login_origin_is_derived_as_the_sdk_does_and_an_emulator_serves_both()
    {
        GenesysRegions.LoginUrlFor(new Uri("https://api.mypurecloud.ie")).ShouldBe(new Uri("https://login.mypurecloud.ie"));
        GenesysRegions.LoginUrlFor(new Uri("http://127.0.0.1:5080")).ShouldBe(new Uri("http://127.0.0.1:5080"));
    }

    [Fact]
    public void Settings_are_read_from_the_GENESYSCLOUD_variables()
    {
        var options = ParticipantDataClientOptions.FromEnvironment(new Hashtable
        {
            ["GENESYSCLOUD_OAUTHCLIENT_ID"] = "id",
            ["GENESYSCLOUD_OAUTHCLIENT_SECRET"] = "secret",
            ["GENESYSCLOUD_REGION"] = "eu-west-1",
        });

        options.ClientId.ShouldBe("id");
        options.ResolveApiUrl().ShouldBe(new Uri("https://api.mypurecloud.ie"));
        options.ResolveLoginUrl().ShouldBe(new Uri("https://login.mypurecloud.ie"));
        options.HasConnectionSettings.ShouldBeTrue();
        ParticipantDataClientOptions.FromEnvironment(new Hashtable()).HasConnectionSettings.ShouldBeFalse();
    }

    [Fact]
    public void A_bad_api_url_variable_says_what_is_expected()
    {
        var error = Should.Throw<ArgumentException>(() => ParticipantDataClientOptions.FromEnvironment(new Hashtable { ["GENESYSCLOUD_API_URL"] = "localhost:5080" }));
        error.Message.ShouldContain("GENESYSCLOUD_API_URL must be an absolute http(s) URL");
    }

    [Fact]
    public void Validation_lists_every_problem_and_how_to_fix_it()
    {
        var error = Should.Throw<ArgumentException>(() => new ParticipantDataClientOptions { Region = "moon-1" }.Validate());

        error.Message.ShouldContain("set GENESYSCLOUD_OAUTHCLIENT_ID");
        error.Message.ShouldContain("set GENESYSCLOUD_OAUTHCLIENT_SECRET");
        error.Message.ShouldContain("unknown region 'moon-1'");
        error.Message.ShouldContain("eu-west-1");
    }
}
