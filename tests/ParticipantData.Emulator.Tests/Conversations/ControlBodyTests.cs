using System.Net;
using ParticipantData.Emulator.Tests.Support;

namespace ParticipantData.Emulator.Tests.Conversations;

/// <summary>The conversation and participant PATCHes carry no attributes: a body that tries gets 400 naming the attributes PATCH, and nothing changes.</summary>
public sealed class ControlBodyTests
{
    [Theory]
    [InlineData("/api/v2/conversations/{id}/participants/{pid}", """{"attributes": {"tier": "gold"}}""", "A MediaParticipantRequest has no attributes field")]
    [InlineData("/api/v2/conversations/calls/{id}/participants/{pid}", """{"attributes": {"tier": "gold"}, "state": "disconnected"}""", "A MediaParticipantRequest has no attributes field")]
    [InlineData("/api/v2/conversations/calls/{id}", """{"attributes": {"tier": "gold"}}""", "it does not write participant attributes")]
    public async Task A_control_patch_with_attributes_is_400_naming_the_attributes_patch_and_changes_nothing(string template, string body, string message)
    {
        await using var emu = await TestEmulator.StartAsync();
        var call = await emu.CreateConversationAsync();
        var customer = call.ParticipantId("customer");

        using var response = await emu.PatchJsonAsync(template.Replace("{id}", call.Id(), StringComparison.Ordinal).Replace("{pid}", customer, StringComparison.Ordinal), body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await response.JsonObjectAsync();
        error["code"].Str().ShouldBe("bad.request");
        error["message"].Str().ShouldContain(message);
        error["message"].Str().ShouldContain("PATCH /api/v2/conversations/{conversationId}/participants/{participantId}/attributes");
        var after = emu.Host.Conversations.Single();
        after.Ended.ShouldBeFalse();
        after.Participants.Single(p => p.Purpose == "customer").Attributes.ShouldBeEmpty();
    }
}
