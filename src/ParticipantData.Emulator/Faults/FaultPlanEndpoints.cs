using System.Globalization;
using ParticipantData.Emulator.Errors;
using ParticipantData.Emulator.Hosting;
using ParticipantData.Emulator.Json;
using ParticipantData.Emulator.Routing;

namespace ParticipantData.Emulator.Faults;

/// <summary><c>/emulator/v1/faultplan</c>: read, replace, or remove the fault plan in force, or install a built-in one.</summary>
internal static class FaultPlanEndpoints
{
    public static async Task GetAsync(RequestContext context)
    {
        if (context.Services.Faults.Current is not { } active)
        {
            await context.WriteErrorAsync(ApiError.NotFound(
                "No fault plan is in force. PUT one to /emulator/v1/faultplan, or PUT /emulator/v1/faultplan/chaos for the built-in one.")).ConfigureAwait(false);
            return;
        }

        await WritePlanAsync(context, active).ConfigureAwait(false);
    }

    public static async Task PutAsync(RequestContext context)
    {
        if (JsonBody.Utf8Problem(context.Exchange.RequestBody) is { } notUtf8)
        {
            await context.WriteErrorAsync(ApiError.BadRequest(notUtf8)).ConfigureAwait(false);
            return;
        }

        FaultPlan plan;
        try
        {
            plan = FaultPlan.Parse(JsonBody.Text(context.Exchange.RequestBody));
        }
        catch (FormatException ex)
        {
            await context.WriteErrorAsync(ApiError.BadRequest(ex.Message)).ConfigureAwait(false);
            return;
        }

        await InstallAsync(context, plan).ConfigureAwait(false);
    }

    public static async Task PutBuiltInAsync(RequestContext context)
    {
        var name = context.Route("name");
        if (!FaultPlan.BuiltInNames.Contains(name, StringComparer.Ordinal))
        {
            await context.WriteErrorAsync(ApiError.NotFound(
                $"There is no built-in fault plan [{name}]; the built-in plans are: {string.Join(", ", FaultPlan.BuiltInNames)}.")).ConfigureAwait(false);
            return;
        }

        var seed = context.Services.Settings.Seed;
        if (context.Http.Request.Query.TryGetValue("seed", out var seedText)
            && !int.TryParse(seedText.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
        {
            await context.WriteErrorAsync(ApiError.BadRequest($"seed must be a whole number, not [{seedText}].")).ConfigureAwait(false);
            return;
        }

        await InstallAsync(context, FaultPlan.BuiltIn(name, seed)).ConfigureAwait(false);
    }

    public static Task DeleteAsync(RequestContext context)
    {
        context.Services.Faults.Set(null);
        return context.WriteEmptyAsync(204);
    }

    private static Task InstallAsync(RequestContext context, FaultPlan plan)
    {
        context.Services.Faults.Set(plan);
        return WritePlanAsync(context, context.Services.Faults.Current!);
    }

    private static Task WritePlanAsync(RequestContext context, ActiveFaultPlan active)
    {
        var json = FaultPlanWriter.ToJson(active.Plan, active.Counters());
        json["seed"] = active.Seed;
        return context.WriteJsonAsync(200, json);
    }
}
