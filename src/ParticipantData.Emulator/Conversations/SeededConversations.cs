using System.Security.Cryptography;
using System.Text;

namespace ParticipantData.Emulator.Conversations;

/// <summary>The conversations an emulator starts with, and ids derived from a seed so that a seeded run has the same ids every time.</summary>
internal static class SeededConversations
{
    /// <summary>Without configured ones: a voice call and a web-messaging conversation with their default participants.</summary>
    public static IReadOnlyList<NewConversation> Defaults { get; } = [new("call"), new("message")];

    /// <summary>
    /// Gives every conversation and participant without an id one derived from <paramref name="seed"/> and its
    /// position; participants left to the media type's defaults are spelled out so that they get ids too.
    /// </summary>
    public static IReadOnlyList<NewConversation> WithSeededIds(IReadOnlyList<NewConversation> conversations, int seed) =>
        conversations.Select((conversation, i) =>
        {
            var media = conversation.MediaType is null ? MediaKind.Call : ConversationFactory.ParseValidated(conversation.MediaType);
            var participants = (conversation.Participants ?? ConversationFactory.Defaults(media))
                .Select((p, j) => p with { Id = p.Id ?? Id(seed, $"conversation/{i}/participant/{j}") })
                .ToList();
            return conversation with { Id = conversation.Id ?? Id(seed, $"conversation/{i}"), Participants = participants };
        }).ToList();

    /// <summary>A version-4-shaped UUID from a hash of the seed and a label: stable across runs and machines.</summary>
    internal static string Id(int seed, string label)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"pdata-emulator/{seed}/{label}")));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
