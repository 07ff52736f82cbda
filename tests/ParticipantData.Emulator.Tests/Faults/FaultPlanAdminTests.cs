using System.Net;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Faults;

public sealed class FaultPlanAdminTests
{
    private const string Plan = """{"seed":3,"rules":[{"name":"flaky","route":"GET /api/**","every":2,"action":{"type":"status","status":503}}]}""";

    [Fact]
    public async Task Without_a_plan_get_answers_404_saying_how_to_set_one()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.GetAsync("/emulator/v1/faultplan");

        await response.ShouldBeErrorAsync(404, "not.found", "No fault plan is in force", "PUT /emulator/v1/faultplan/chaos");
    }

    [Fact]
    public async Task Put_installs_a_plan_and_get_shows_it_with_its_counters()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var put = await emu.Http.PutAsync("/emulator/v1/faultplan", TestEmulator.Json(Plan));
        var failed = await FaultPlanTests.FailingRequestNumbersAsync(emu, 4);
        using var get = await emu.Http.GetAsync("/emulator/v1/faultplan");

        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        failed.ShouldBe([2, 4]);
        var body = await get.JsonObjectAsync();
        body["seed"]!.GetValue<int>().ShouldBe(3);
        var rule = body["rules"]![0]!;
        rule["name"].Str().ShouldBe("flaky");
        rule["route"].Str().ShouldBe("GET /api/**");
        rule["every"]!.GetValue<long>().ShouldBe(2);
        rule["action"]!["status"]!.GetValue<int>().ShouldBe(503);
        rule["matched"]!.GetValue<long>().ShouldBe(4);
        rule["injected"]!.GetValue<long>().ShouldBe(2);
        emu.Host.FaultPlan!.Seed.ShouldBe(3);
    }

    [Fact]
    public async Task Delete_removes_the_plan()
    {
        await using var emu = await TestEmulator.StartAsync(o => o.FaultPlan = FaultPlan.Parse(Plan));

        using var delete = await emu.Http.DeleteAsync("/emulator/v1/faultplan");
        var failed = await FaultPlanTests.FailingRequestNumbersAsync(emu, 4);
        using var get = await emu.Http.GetAsync("/emulator/v1/faultplan");

        delete.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        failed.ShouldBeEmpty();
        get.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        emu.Host.FaultPlan.ShouldBeNull();
    }

    [Theory]
    [InlineData("{\"rules\": [", "The fault plan is not valid JSON")]
    [InlineData("[]", "The fault plan must be a JSON object")]
    [InlineData("{}", "The fault plan's rules is required")]
    [InlineData("{\"rules\":[{\"action\":{\"type\":\"reset\"}}]}", "The fault plan's rules[0].route is required")]
    [InlineData("{\"rules\":[{\"route\":\"api/v2\",\"action\":{\"type\":\"reset\"}}]}", "rules[0].route [api/v2] is not a route")]
    [InlineData("{\"rules\":[{\"route\":\"/api/**\",\"action\":{\"type\":\"status\",\"status\":700}}]}", "rules[0].action.status [700] must be an error status between 400 and 599")]
    [InlineData("{\"rules\":[{\"route\":\"/api/**\",\"probability\":1.5,\"action\":{\"type\":\"reset\"}}]}", "rules[0].probability [1.5] must be a probability between 0 and 1")]
    [InlineData("{\"rules\":[{\"route\":\"/api/**\",\"probability\":0.5,\"every\":2,\"action\":{\"type\":\"reset\"}}]}", "rules[0] has both probability and every")]
    [InlineData("{\"rules\":[{\"route\":\"/api/**\",\"action\":{\"type\":\"explode\"}}]}", "rules[0].action.type [explode] is not an action; use one of status, latency, reset, revokeToken")]
    [InlineData("{\"rules\":[{\"route\":\"/api/**\",\"action\":{\"type\":\"latency\",\"distribution\":\"normal\",\"meanMs\":10}}]}", "rules[0].action.stdDevMs is required for the normal distribution")]
    [InlineData("{\"rules\":[{\"route\":\"/api/**\",\"probabilty\":0.5,\"action\":{\"type\":\"reset\"}}]}", "rules[0].probabilty is not a known field")]
    public async Task A_bad_plan_gets_400_saying_what_is_wrong_and_the_old_plan_stays(string json, string problem)
    {
        await using var emu = await TestEmulator.StartAsync(o => o.FaultPlan = FaultPlan.Parse(Plan));

        using var response = await emu.Http.PutAsync("/emulator/v1/faultplan", TestEmulator.Json(json));

        await response.ShouldBeErrorAsync(400, "bad.request", problem);
        emu.Host.FaultPlan!.Seed.ShouldBe(3);
    }

    [Fact]
    public async Task Put_chaos_installs_the_built_in_plan_with_the_seed_given()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PutAsync("/emulator/v1/faultplan/chaos?seed=5", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.JsonObjectAsync();
        body["name"].Str().ShouldBe("chaos");
        body["seed"]!.GetValue<int>().ShouldBe(5);
        body["rules"]!.AsArray().Select(r => r!["name"].Str()).ShouldBe(["token-revocation", "429-bursts", "connection-resets", "5xx"]);
        emu.Host.FaultPlan!.Name.ShouldBe("chaos");
    }

    [Fact]
    public async Task An_unknown_built_in_plan_gets_404_listing_the_names()
    {
        await using var emu = await TestEmulator.StartAsync();

        using var response = await emu.Http.PutAsync("/emulator/v1/faultplan/mayhem", null);

        await response.ShouldBeErrorAsync(404, "not.found", "There is no built-in fault plan [mayhem]; the built-in plans are: chaos.");
    }
}
