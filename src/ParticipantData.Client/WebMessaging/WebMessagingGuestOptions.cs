namespace ParticipantData.Client.WebMessaging;

/// <summary>Settings of a <see cref="WebMessagingGuest"/>; frozen when the guest is constructed.</summary>
public sealed class WebMessagingGuestOptions
{
    internal static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The guest API's WebSocket, e.g. <c>wss://webmessaging.mypurecloud.com/v1</c> or an emulator's <c>ws://127.0.0.1:5080/v1</c>
    /// (<see cref="WebMessagingGuest.GuestUriFor"/> derives it from an API URL). Required.
    /// </summary>
    /// <value>Default null.</value>
    public Uri? WebSocketUri { get; set; }

    /// <summary>The Messenger deployment id. Required.</summary>
    /// <value>Default null.</value>
    public string? DeploymentId { get; set; }

    /// <summary>The guest token: keep it to resume the session later.</summary>
    /// <value>Default null: a new random UUID.</value>
    public string? Token { get; set; }

    /// <summary>Start a new session even if the token has one.</summary>
    /// <value>Default false (resume).</value>
    public bool StartNew { get; set; }

    /// <summary>How long to wait for the server's answer to a request.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Clock of <see cref="ResponseTimeout"/>.</summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
