using System.Net;
using System.Text.Json.Nodes;
using ParticipantData.Relay.Tests.Support;

namespace ParticipantData.Relay.Tests.Api;

public sealed class AcceptTests
{
    [Fact]
    public async Task The_start_up_warm_up_stores_counts_and_sends_nothing()
    {
        // The relay runs its accept path before it says it is listening (StartupWarmUp): none of it may leave a trace.
        await using var rig = await RelayRig.StartAsync();

        var queue = await rig.Relay.Store.GetStatisticsAsync(TimeProvider.System.GetUtcNow(), CancellationToken.None);
        queue.ByStatus.ShouldBeEmpty();
        rig.Relay.PlatformRequests.ShouldBe(0);
        using var metrics = await rig.Http.GetAsync("/metrics");
        var text = await metrics.Content.ReadAsStringAsync();
        text.ShouldContain("pdata_relay_writes_accepted_total 0\n");
        text.ShouldContain("pdata_relay_writes_duplicate_total 0\n");
    }

    [Fact]
    public async Task A_write_accepted_with_202_is_queued_then_applied_and_reads_back_from_the_call()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();

        using var response = await rig.PostAsync("/v1/writes", RelayRig.WriteJson(conversation, customer, new { loyalty_tier = "gold" }));
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        accepted["status"]!.GetValue<string>().ShouldBe("queued");
        var writeId = accepted["writeId"]!.GetValue<string>();
        response.Headers.Location!.ToString().ShouldBe($"/v1/writes/{writeId}");

        var status = await rig.SettledAsync(writeId);
        status["status"]!.GetValue<string>().ShouldBe("applied", status.ToJsonString());
        status["attempts"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        status["participantId"]!.GetValue<string>().ShouldBe(customer);
        status["completedAt"].ShouldNotBeNull();
        rig.AttributesOf(conversation, customer)["loyalty_tier"].ShouldBe("gold");
    }

    [Fact]
    public async Task A_write_by_purpose_goes_to_that_participant()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();

        using var response = await rig.PostAsync("/v1/writes", $$$"""{"conversationId": "{{{conversation}}}", "purpose": "customer", "attributes": {"case_id": "C-42"}}""");
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var writeId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["writeId"]!.GetValue<string>();

        var status = await rig.SettledAsync(writeId);
        status["status"]!.GetValue<string>().ShouldBe("applied");
        status["participantId"]!.GetValue<string>().ShouldBe(customer);
        rig.AttributesOf(conversation, customer)["case_id"].ShouldBe("C-42");
    }

    [Fact]
    public async Task The_platforms_own_PATCH_path_is_served_so_existing_code_only_changes_its_base_url()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v2/conversations/{conversation}/participants/{customer}/attributes")
        {
            Content = new StringContent("""{"attributes": {"intent": "billing"}}""", System.Text.Encoding.UTF8, "application/json"),
        };

        using var response = await rig.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var writeId = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["writeId"]!.GetValue<string>();
        (await rig.SettledAsync(writeId))["status"]!.GetValue<string>().ShouldBe("applied");
        rig.AttributesOf(conversation, customer)["intent"].ShouldBe("billing");
    }

    [Fact]
    public async Task An_unknown_write_id_is_a_404_error_body()
    {
        await using var rig = await RelayRig.StartAsync();

        using var response = await rig.Http.GetAsync("/v1/writes/w-01900000-0000-7000-8000-000000000000");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["code"]!.GetValue<string>().ShouldBe("not.found");
        body["message"]!.GetValue<string>().ShouldContain("There is no write");
    }

    [Fact]
    public async Task The_same_idempotency_key_gives_the_same_write_id_and_is_applied_once()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        var body = RelayRig.WriteJson(conversation, customer, new { loyalty_tier = "gold" }, idempotencyKey: "flow-run-1");

        var ids = new List<string>();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            using var response = await rig.PostAsync("/v1/writes", body);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            ids.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["writeId"]!.GetValue<string>());
        }

        ids.Distinct().Count().ShouldBe(1);
        (await rig.SettledAsync(ids[0]))["status"]!.GetValue<string>().ShouldBe("applied");
        using var again = await rig.PostAsync("/v1/writes", body);
        JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>().ShouldBe("applied");
        (await rig.PatchesAsync(conversation, customer)).Count.ShouldBe(1);
        rig.Relay.Metrics.Accepted.ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_store_one_write()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        var body = RelayRig.WriteJson(conversation, customer, new { loyalty_tier = "gold" }, idempotencyKey: "burst");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await rig.PostAsync("/v1/writes", body);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["writeId"]!.GetValue<string>();
        }));

        answers.Distinct().Count().ShouldBe(1);
        rig.Relay.Metrics.Accepted.ShouldBe(1);
    }

    [Fact]
    public async Task An_idempotency_key_reused_for_another_request_is_a_409_and_stores_nothing()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();
        var first = await rig.AcceptAsync(conversation, customer, new() { ["loyalty_tier"] = "gold" }, idempotencyKey: "k1");

        using var response = await rig.PostAsync("/v1/writes", RelayRig.WriteJson(conversation, customer, new { loyalty_tier = "silver" }, idempotencyKey: "k1"));

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["code"]!.GetValue<string>().ShouldBe("idempotency.key.reused");
        body["message"]!.GetValue<string>().ShouldContain(first);
        (await rig.SettledAsync(first))["status"]!.GetValue<string>().ShouldBe("applied");
        rig.AttributesOf(conversation, customer)["loyalty_tier"].ShouldBe("gold");
        rig.Relay.Metrics.Accepted.ShouldBe(1);
    }

    [Fact]
    public async Task The_Idempotency_Key_header_works_on_the_platform_path()
    {
        await using var rig = await RelayRig.StartAsync();
        var (conversation, customer) = await rig.NewCallAsync();

        async Task<string> PatchAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v2/conversations/{conversation}/participants/{customer}/attributes")
            {
                Content = new StringContent("""{"attributes": {"intent": "billing"}}""", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", "crm-event-77");
            using var response = await rig.Http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["writeId"]!.GetValue<string>();
        }

        (await PatchAsync()).ShouldBe(await PatchAsync());
    }
}
