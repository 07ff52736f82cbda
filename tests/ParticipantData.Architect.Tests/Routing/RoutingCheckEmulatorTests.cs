using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ParticipantData.Architect.Routing;
using ParticipantData.Emulator;

namespace ParticipantData.Architect.Tests.Routing;

/// <summary>
/// The routing check end to end: attributes written to a live (emulated) conversation over the real API, read back
/// the way <c>pdata check --conversation</c> reads them, then checked against a rules file.
/// </summary>
public sealed class RoutingCheckEmulatorTests : IAsyncLifetime
{
    private const string Rules = """
        getParticipantData:
          loyalty_tier: Flow.tier
          crm_score: Flow.score
        decisions:
          - name: vip
            condition: IsSet(Flow.tier) and Flow.tier == "gold" or ToInt(Flow.score) > 700
            expect: true
        switches:
          - name: queue
            cases:
              - {name: Platinum queue, condition: 'Flow.tier == "platinum"'}
              - {name: Gold queue, condition: 'Flow.tier == "gold"'}
            default: General queue
            expect: Gold queue
        conditions:
          - name: tutorial
            condition: '{"attribute_path": "{{participant.attributes.custom.loyalty_tier}}", "operator": "equals", "value": "gold"}'
            expect: true
        """;

    private EmulatorHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await EmulatorHost.StartAsync();
        _http = new HttpClient { BaseAddress = _host.BaseUri };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_host.DefaultClient.ClientId}:{_host.DefaultClient.ClientSecret}"));
        using var login = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        login.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        using var response = await _http.SendAsync(login);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Checks_rules_against_the_attributes_of_a_live_conversation()
    {
        var conversation = await _host.CreateConversationAsync();
        var customer = conversation.Participants.Single(p => p.Purpose == "customer");
        using (var patch = await _http.PatchAsJsonAsync(
                   $"/api/v2/conversations/{conversation.Id}/participants/{customer.Id}/attributes",
                   new { attributes = new Dictionary<string, string> { ["loyalty_tier"] = "gold", ["Crm_Score"] = "640" } }))
        {
            patch.IsSuccessStatusCode.ShouldBeTrue(await patch.Content.ReadAsStringAsync());
        }

        var attributes = await CustomerAttributesAsync(conversation.Id);
        var report = RoutingCheck.Run(RoutingRules.Parse(Rules), attributes);

        report.Rows.Select(r => (r.Name, r.Outcome, r.Status)).ShouldBe(
        [
            ("vip", "true", RoutingRowStatus.Passed),
            ("queue", "Gold queue", RoutingRowStatus.Passed),
            ("tutorial", "true", RoutingRowStatus.Passed),
        ]);
        report.Succeeded.ShouldBeTrue();
        // The writer used "Crm_Score"; the flow reads "crm_score" and would get NOT_SET.
        report.Variables.Single(v => v.Attribute == "crm_score").Present.ShouldBeFalse();
        report.Warnings.ShouldContain(w => w.Code == "attribute-case" && w.Message.Contains("\"Crm_Score\"", StringComparison.Ordinal));
        report.Warnings.ShouldContain(w => w.Code == "attribute-namespace");
    }

    [Fact]
    public async Task A_conversation_without_the_attributes_fails_the_expectations()
    {
        var conversation = await _host.CreateConversationAsync();
        var report = RoutingCheck.Run(RoutingRules.Parse(Rules), await CustomerAttributesAsync(conversation.Id));
        report.Succeeded.ShouldBeFalse();
        report.Rows.Single(r => r.Name == "vip").Outcome.ShouldBe("error");
        report.Rows.Single(r => r.Name == "queue").Outcome.ShouldBe("General queue");
        report.ToText().ShouldContain("FAILED");
    }

    private async Task<Dictionary<string, string>> CustomerAttributesAsync(string conversationId)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>($"/api/v2/conversations/{conversationId}");
        var customer = json.GetProperty("participants").EnumerateArray().Single(p => p.GetProperty("purpose").GetString() == "customer");
        return customer.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];
    }
}
