using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace ParticipantData.Relay.Tests.Crash;

/// <summary>What both crash tests read back: a write's settled status, and the values the emulator's PATCHes carried.</summary>
internal static class CrashChecks
{
    /// <summary>Polls the write's status until it is no longer queued, or <paramref name="patience"/> has passed.</summary>
    public static async Task<JsonObject> SettledAsync(HttpClient client, string writeId, TimeSpan patience)
    {
        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        while (true)
        {
            using var response = await client.GetAsync($"/v1/writes/{writeId}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var status = (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (status["status"]!.GetValue<string>() != "queued" || Environment.TickCount64 > deadline)
            {
                return status;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every (conversation, key, value) in the PATCHes the emulator accepted, in the order it accepted them.</summary>
    public static List<(string Conversation, string Key, int Value, int Request)> PatchedValues(
        IEnumerable<(string Method, int Status, string Path, string? RequestBody)> journal)
    {
        var values = new List<(string, string, int, int)>();
        var request = 0;
        foreach (var entry in journal.Where(e => e.Method == "PATCH" && e.Status == 202))
        {
            var conversation = entry.Path.Split('/')[4];
            request++;
            foreach (var (key, value) in JsonNode.Parse(entry.RequestBody!)!["attributes"]!.AsObject())
            {
                values.Add((conversation, key, int.Parse(value!.GetValue<string>(), CultureInfo.InvariantCulture), request));
            }
        }

        return values;
    }
}
