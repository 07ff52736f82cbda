using Microsoft.Extensions.DependencyInjection;
using ParticipantData.Client.Tests.Support;

namespace ParticipantData.Client.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{
    [Fact]
    public async Task AddParticipantData_registers_a_working_client_using_the_http_client_factory()
    {
        await using var host = await Emulated.StartAsync();
        var created = await host.CreateConversationAsync();
        var services = new ServiceCollection();
        services.AddParticipantData(o =>
        {
            o.ApiUrl = host.BaseUri;
            o.ClientId = host.DefaultClient.ClientId;
            o.ClientSecret = host.DefaultClient.ClientSecret;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ParticipantDataClient>();
        var conversation = await client.GetConversationAsync(ConversationId.Parse(created.Id));

        conversation.Id.Value.ShouldBe(created.Id);
        provider.GetRequiredService<ParticipantDataClient>().ShouldBeSameAs(client);
        provider.GetRequiredService<TimeProvider>().ShouldBe(TimeProvider.System);
    }
}
