using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ParticipantData.Client.Http;

namespace ParticipantData.Client.Notifications;

/// <summary>
/// The REST side of notifications: create a channel, replace its topics, ask whether it still exists. Each request
/// goes through the client's one request path, so it spends the OAuth client's request budget like any other.
/// </summary>
internal sealed class ChannelApi(GenesysHttp api, ILogger logger)
{
    public async Task<NotificationChannel> CreateAsync(CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(ApiOperations.CreateChannel.Request(), null, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        ChannelDto? dto = null;
        try
        {
            dto = JsonSerializer.Deserialize(text, NotificationJsonContext.Default.ChannelDto);
        }
        catch (JsonException)
        {
            // Reported below.
        }

        if (dto?.Id is not { Length: > 0 } id || !Uri.TryCreate(dto.ConnectUri, UriKind.Absolute, out var connectUri)
            || connectUri.Scheme is not ("ws" or "wss"))
        {
            throw new ParticipantDataException(
                $"{ApiOperations.CreateChannel.Name} answered without a channel id and a ws(s):// connectUri.",
                "Check that the API URL points at Genesys Cloud or the emulator.");
        }

        DateTimeOffset? expires = DateTimeOffset.TryParse(dto.Expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        logger.LogInformation("Notifications: created a channel (expires {Expires})", dto.Expires ?? "unknown");
        return new NotificationChannel(id, connectUri, expires);
    }

    /// <summary>Replaces the channel's topics with <paramref name="topics"/> (the platform's PUT is a replace, not an add).</summary>
    public async Task PutTopicsAsync(NotificationChannel channel, IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            topics.Select(t => new ChannelTopicDto { Id = t }).ToList(), NotificationJsonContext.Default.ListChannelTopicDto);
        using var response = await api.SendAsync(ApiOperations.PutChannelSubscriptions.Request(channel.Id), body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True/false when <c>HEAD</c> says whether the channel exists; null when that could not be learned.</summary>
    public async Task<bool?> ExistsAsync(NotificationChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await api.SendAsync(ApiOperations.HeadChannel.Request(channel.Id), null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GenesysApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (Exception e) when (e is ParticipantDataException or HttpRequestException)
        {
            return null;
        }
    }
}
