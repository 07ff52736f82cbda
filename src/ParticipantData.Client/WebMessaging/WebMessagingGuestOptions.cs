namespace ParticipantData.Client.WebMessaging;

/// <summary>Settings of a <see cref="WebMessagingGuest"/>; frozen when the guest is constructed.</summary>
public sealed class WebMessagingGuestOptions
{
    /// <summary>
    /// The guest API's WebSocket, e.g. <c>wss://webmessaging.mypurecloud.com/v1</c> or an emulator's <c>ws://127.0.0.1:5080/v1</c>
    /// (<see cref="WebMessagingGuest.GuestUriFor"/> derives it from an API URL). Required.
    /// </summary>
    public Uri? WebSocketUri { get; set; }

    /// <summary>The Messenger deployment id. Required.</summary>
    public string? DeploymentId { get; set; }

    /// <summary>The guest token: keep it to resume the session later. Default: a new random UUID.</summary>
    public string? Token { get; set; }

    /// <summary>Start a new session even if the token has one. Default false (resume).</summary>
    public bool StartNew { get; set; }

    /// <summary>How long to wait for the server's answer to a request. Default 30 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock of <see cref="ResponseTimeout"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
