using ParticipantData.Cli;

return await PdataCli.RunAsync(args, CliContext.ForProcess()).ConfigureAwait(false);
