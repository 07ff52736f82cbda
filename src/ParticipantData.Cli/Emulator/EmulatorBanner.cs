using ParticipantData.Client;
using ParticipantData.Emulator;
using Spectre.Console;

namespace ParticipantData.Cli.Emulator;

/// <summary>
/// What <c>pdata emulator</c> prints once it listens: where it is, how to point a shell at it (lines that paste
/// as they are), and the seeded conversations with their participants. <c>--json</c> prints the same as one object.
/// </summary>
/// <remarks>Only the built-in default secret is printed (<see cref="ClientSecret"/>); a secret given on the command line is not repeated.</remarks>
internal sealed record EmulatorBanner(
    string Url,
    string Health,
    string Admin,
    string Journal,
    string ClientId,
    string? ClientSecret,
    IReadOnlyDictionary<string, string> Environment,
    int? Seed,
    bool Lifecycle,
    string? FaultPlan,
    IReadOnlyList<BannerClient> Clients,
    int RateLimit,
    long TokenLifetimeSeconds,
    IReadOnlyList<BannerConversation> Conversations)
{
    /// <summary>The dashboard in a browser (<c>/</c>).</summary>
    public string? Dashboard { get; init; }

    /// <summary>The web-messaging guest WebSocket (<c>ws://…/v1</c>) and the deployment ids it accepts.</summary>
    public string? WebMessaging { get; init; }

    public IReadOnlyList<string> DeploymentIds { get; init; } = [];

    /// <summary>The inbound message flow run on each guest conversation (<c>--flow</c> with an inboundMessage flow); null without one.</summary>
    public string? MessageFlow { get; init; }

    public static EmulatorBanner For(EmulatorHost host, int? seed, bool lifecycle, EmulatorOptions options)
    {
        var url = host.BaseUri.GetLeftPart(UriPartial.Authority);
        var isDefault = host.DefaultClient.ClientSecret == EmulatorOAuthClient.Default.ClientSecret
            && host.DefaultClient.ClientId == EmulatorOAuthClient.Default.ClientId;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ParticipantDataClientOptions.ApiUrlVariable] = url,
            [ParticipantDataClientOptions.ClientIdVariable] = host.DefaultClient.ClientId,
        };
        if (isDefault)
        {
            environment[ParticipantDataClientOptions.ClientSecretVariable] = host.DefaultClient.ClientSecret;
        }

        return new EmulatorBanner(
            url,
            url + "/emulator/v1/health",
            url + "/emulator/v1",
            url + "/emulator/v1/requests",
            host.DefaultClient.ClientId,
            isDefault ? host.DefaultClient.ClientSecret : null,
            environment,
            seed,
            lifecycle,
            host.FaultPlan?.ToString(),
            options.Clients.Select(c => new BannerClient(c.ClientId, [.. c.Permissions])).ToList(),
            options.RequestsPerMinute,
            (long)options.TokenLifetime.TotalSeconds,
            host.Conversations.Select(c => new BannerConversation(
                c.Id, c.MediaType, c.Participants.Select(p => new BannerParticipant(p.Id, p.Purpose, p.Name)).ToList())).ToList())
        {
            Dashboard = url + "/",
            WebMessaging = $"ws://{host.BaseUri.Authority}/v1",
            DeploymentIds = host.DeploymentIds,
            MessageFlow = options.WebMessaging.Flow switch
            {
                null => null,
                ParticipantData.Emulator.WebMessaging.ArchitectMessageFlow architect => architect.Flow.Name,
                var other => other.GetType().Name,
            },
        };
    }

    public void Render(CliContext cli, int faultSeed)
    {
        cli.Out.MarkupLine($"[green]Genesys Cloud emulator[/] listening on [bold]{Url}[/]");
        cli.Out.MarkupLine($"  Health:              {Health}");
        cli.Out.MarkupLine($"  Admin API:           {Admin}/conversations · request journal: {Journal}");
        cli.Out.MarkupLine($"  Dashboard:           {Dashboard}");
        cli.Out.MarkupLine($"  Web messaging:       {WebMessaging}?deploymentId=<id> · deployment ids: [bold]{Markup.Escape(string.Join(", ", DeploymentIds))}[/]");
        if (MessageFlow is not null)
        {
            cli.Out.MarkupLine($"  Message flow:        [bold]{Markup.Escape(MessageFlow)}[/] runs on each web-messaging conversation a guest starts");
        }

        cli.Out.MarkupLine($"  OAuth client id:     [bold]{Markup.Escape(ClientId)}[/]");
        cli.Out.MarkupLine(ClientSecret is null
            ? "  OAuth client secret: [grey](the one given with --client-secret)[/]"
            : $"  OAuth client secret: [bold]{Markup.Escape(ClientSecret)}[/]");
        if (Clients.Count > 1 || Clients.Any(c => !c.Permissions.SequenceEqual(["*"])))
        {
            foreach (var client in Clients)
            {
                var permissions = client.Permissions.SequenceEqual(["*"]) ? "all permissions"
                    : client.Permissions.Count == 0 ? "no permissions" : string.Join(", ", client.Permissions);
                cli.Out.MarkupLine($"  OAuth client [bold]{Markup.Escape(client.Id)}[/]: {Markup.Escape(permissions)}");
            }
        }

        cli.Out.MarkupLine(RateLimit == 0
            ? "  Rate limit:          none (--rate-limit 0)"
            : $"  Rate limit:          {RateLimit} requests per OAuth client per minute; tokens live {TokenLifetimeSeconds} s");
        if (Lifecycle)
        {
            cli.Out.MarkupLine("  Lifecycle: on (calls move IVR → queue → agent → wrap-up; flows write participant data; writes take 50 ms and may get 409)");
        }

        if (FaultPlan is not null)
        {
            cli.Out.MarkupLine($"  Fault plan: [bold]{Markup.Escape(FaultPlan)}[/] (seed {faultSeed}); see or change it at {Admin}/faultplan");
        }

        // Plain lines, no markup or indentation: they are meant to be copied into another shell as they are.
        cli.Out.WriteLine();
        cli.Out.WriteLine("Paste into another shell:");
        foreach (var (name, value) in Environment)
        {
            cli.Out.WriteLine($"export {name}={value}");
        }

        if (ClientSecret is null)
        {
            cli.Out.WriteLine($"# and export {ParticipantDataClientOptions.ClientSecretVariable}=<the secret given with --client-secret>");
        }

        if (Conversations.Count > 0)
        {
            cli.Out.WriteLine();
            cli.Out.WriteLine(Seed is { } fixedSeed
                ? $"Seeded conversations (--seed {fixedSeed}: the same ids on every run):"
                : "Seeded conversations:");
            foreach (var conversation in Conversations)
            {
                cli.Out.WriteLine($"  {conversation.MediaType,-8} {conversation.Id}");
                foreach (var participant in conversation.Participants)
                {
                    cli.Out.WriteLine($"    {participant.Purpose,-9} {participant.Id}{(participant.Name is null ? "" : "  " + participant.Name)}");
                }
            }
        }

        cli.Out.WriteLine();
        cli.Out.WriteLine("Press Ctrl+C to stop.");
    }
}

internal sealed record BannerClient(string Id, IReadOnlyList<string> Permissions);

internal sealed record BannerConversation(string Id, string MediaType, IReadOnlyList<BannerParticipant> Participants);

internal sealed record BannerParticipant(string Id, string Purpose, string? Name);
