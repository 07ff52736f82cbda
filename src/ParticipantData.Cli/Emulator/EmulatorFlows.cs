using ParticipantData.Architect.Flows;
using ParticipantData.Cli.Output;
using ParticipantData.Emulator.Lifecycle;
using ParticipantData.Emulator.WebMessaging;

namespace ParticipantData.Cli.Emulator;

/// <summary>
/// <c>pdata emulator --flow</c>: the flow's type decides where it runs. An <c>inboundMessage</c> flow runs on each
/// web-messaging conversation a guest starts (no lifecycle needed); any other flow runs in the IVR of lifecycle calls,
/// which needs <c>--lifecycle</c>. One of each at most.
/// </summary>
internal static class EmulatorFlows
{
    public static async Task<(IIvrFlow? Ivr, IMessageFlow? Messages)> LoadAsync(
        CliContext cli, IReadOnlyList<FileInfo> files, DirectoryInfo? dataActions, HttpClient http, bool lifecycleGiven, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return dataActions is null ? (null, null) : throw new UsageException("--data-actions goes with --flow.");
        }

        var catalog = await Flows.FlowCommands.CatalogAsync(dataActions, cancellationToken).ConfigureAwait(false);
        var endpoint = new HttpDataActionEndpoint(http, cli.Time);
        IIvrFlow? ivr = null;
        IMessageFlow? messages = null;
        string? ivrFile = null, messagesFile = null;
        foreach (var file in files)
        {
            var flow = await Flows.FlowCommands.LoadFlowAsync(file, catalog, cancellationToken).ConfigureAwait(false);
            if (ArchitectMessageFlow.IsMessageFlow(flow))
            {
                if (messagesFile is not null)
                {
                    throw new UsageException($"--flow {file.Name}: {messagesFile} is the inbound message flow already; give one flow per kind.");
                }

                messages = new ArchitectMessageFlow(flow, catalog, endpoint, cli.Time);
                messagesFile = file.Name;
                continue;
            }

            if (flow.FlowType == "inboundShortMessage")
            {
                throw new UsageException($"--flow {file.Name} is an inboundShortMessage (SMS) flow, and the emulator has no SMS.",
                    "Web-messaging conversations run an inboundMessage flow; calls run an inboundCall flow (with --lifecycle).");
            }

            if (ivrFile is not null)
            {
                throw new UsageException($"--flow {file.Name}: {ivrFile} is the calls' IVR flow already; give one flow per kind.");
            }

            if (!lifecycleGiven)
            {
                throw new UsageException($"--flow {file.Name} is an {flow.FlowType} flow: it runs in the calls' IVR phase, so give --lifecycle too.",
                    "Web-messaging conversations run an inboundMessage flow, which needs no --lifecycle.");
            }

            ivr = new ArchitectIvrFlow(flow, catalog, endpoint, cli.Time);
            ivrFile = file.Name;
        }

        return (ivr, messages);
    }
}
