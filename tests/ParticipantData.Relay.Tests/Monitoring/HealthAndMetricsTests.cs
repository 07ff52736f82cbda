using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Relay.Tests.Support;

namespace ParticipantData.Relay.Tests.Monitoring;

public sealed class HealthAndMetricsTests
{
    [Fact]
    public async Task Healthz_is_ok_when_the_store_reads_and_the_platform_login_accepts_the_client()
    {
        await using var rig = await RelayRig.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = rig.Relay.BaseUri };

        using var response = await anonymous.GetAsync("/healthz");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body["status"]!.GetValue<string>().ShouldBe("ok");
        body["store"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
        body["platform"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Healthz_is_503_naming_the_login_when_the_oauth_client_is_refused_and_never_shows_the_secret()
    {
        await using var rig = await RelayRig.StartAsync(relay: o => o.Platform!.ClientSecret = "wrong-secret-value");
        using var anonymous = new HttpClient { BaseAddress = rig.Relay.BaseUri };

        using var response = await anonymous.GetAsync("/healthz");
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body["status"]!.GetValue<string>().ShouldBe("unhealthy");
        body["store"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
        body["platform"]!["ok"]!.GetValue<bool>().ShouldBeFalse();
        body["platform"]!["detail"]!.GetValue<string>().ShouldContain("check the OAuth client id and secret");
        text.ShouldNotContain("wrong-secret-value");
    }

    [Fact]
    public async Task Metrics_count_accepted_applied_and_failed_by_reason_with_queue_and_budget_in_prometheus_text()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        var (ended, endedCustomer) = await rig.NewCallAsync();
        await rig.Emulator.DisconnectConversationAsync(ended);
        var applied = await rig.AcceptAsync(conversation, customer, new() { ["a"] = "1" });
        var failed = await rig.AcceptAsync(ended, endedCustomer, new() { ["a"] = "1" });
        await rig.SettledAsync(applied);
        await rig.SettledAsync(failed);
        using var anonymous = new HttpClient { BaseAddress = rig.Relay.BaseUri };

        using var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        var samples = text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        samples["pdata_relay_writes_accepted_total"].ShouldBe(2);
        samples["pdata_relay_writes_applied_total"].ShouldBe(1);
        samples["pdata_relay_writes_failed_total{reason=\"conversation_ended\"}"].ShouldBe(1);
        samples["pdata_relay_queue_depth"].ShouldBe(0);
        samples["pdata_relay_queue_oldest_age_seconds"].ShouldBe(0);
        samples["pdata_relay_budget_limit_per_minute"].ShouldBe(300);
        samples["pdata_relay_platform_requests_total"].ShouldBeGreaterThan(0);
        samples["pdata_relay_budget_used_last_minute"].ShouldBeGreaterThan(0);
        samples["pdata_relay_delivery_latency_seconds_count"].ShouldBe(1);
        samples["pdata_relay_delivery_latency_seconds_bucket{le=\"+Inf\"}"].ShouldBe(1);
        text.ShouldContain("# TYPE pdata_relay_delivery_latency_seconds histogram");
    }

    [Fact]
    public async Task Queue_depth_and_age_show_writes_waiting_for_delivery()
    {
        await using var rig = await RelayRig.StartAsync(
            emulator: o => o.FaultPlan = ParticipantData.Emulator.FaultPlan.Parse("""{"rules": [{"route": "PATCH /api/v2/conversations/*/participants/*/attributes", "action": {"type": "status", "status": 503}}]}"""),
            relay: o => o.MaxConcurrentDeliveries = 1);
        var (conversation, customer) = await rig.NewCallAsync();
        await rig.AcceptAsync(conversation, customer, new() { ["a"] = "1" });
        await rig.AcceptAsync(conversation, customer, new() { ["a"] = "2" });
        using var anonymous = new HttpClient { BaseAddress = rig.Relay.BaseUri };

        var text = await anonymous.GetStringAsync("/metrics");

        text.ShouldContain("pdata_relay_queue_depth 2");
        text.ShouldContain("pdata_relay_writes_applied_total 0");
    }
}
