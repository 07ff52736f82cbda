namespace ParticipantData.Emulator.Conversations;

/// <summary>Who wrote a participant attribute: what the dashboard's attribute history shows.</summary>
internal enum AttributeSource
{
    /// <summary>A platform API client (PATCH .../attributes); the writer is its OAuth client id.</summary>
    Api,

    /// <summary>A flow's Set Participant Data (the lifecycle's IVR and in-queue flows).</summary>
    Flow,

    /// <summary>The IVR flow's write-back of its copy when it ends (architect.md A.9).</summary>
    WriteBack,

    /// <summary>A web-messaging guest's <c>customAttributes</c>.</summary>
    Guest,

    /// <summary>Given when the conversation was created (admin API or host).</summary>
    Created,
}
