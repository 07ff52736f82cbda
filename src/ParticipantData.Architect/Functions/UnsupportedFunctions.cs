namespace ParticipantData.Architect.Functions;

/// <summary>Functions that exist on the platform but need an org, audio or a live conversation to mean anything.</summary>
internal static class UnsupportedFunctions
{
    public static IEnumerable<FunctionDefinition> Definitions() =>
        new[]
        {
            ("FindQueue", "looks a queue up by name in the org"),
            ("FindQueueById", "looks a queue up by id in the org"),
            ("FindSkill", "looks a skill up in the org"),
            ("FindUserById", "looks a user up in the org"),
            ("ToAudio", "builds audio"),
            ("ToAudioTTS", "builds text-to-speech audio"),
            ("ToAudioBlank", "builds silence"),
            ("ToAudioDuration", "builds audio"),
            ("AudioPlaybackOptions", "builds audio options"),
            ("MakeCommunication", "builds a communication"),
            ("ToCommunication", "builds a communication"),
            ("MakeListAgentScorePair", "builds agent/score pairs from users"),
            ("MakeAgentScorePair", "builds an agent/score pair from a user"),
            ("RoundUp", "has no published signature"),
        }.Select(f => new FunctionDefinition
        {
            Name = f.Item1,
            Status = FunctionStatus.Unsupported,
            Summary = $"{f.Item1}: {f.Item2}; not evaluated offline",
        });
}
