using System.Text.Json;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>The admin create body's <c>"lifecycle"</c> object (and emulator.yaml's <c>lifecycle:</c>); each field as written, checked by <see cref="LifecycleJson"/>.</summary>
internal sealed class LifecycleDocument
{
    public JsonElement Enabled { get; set; }

    public JsonElement IvrSeconds { get; set; }

    public JsonElement QueueSeconds { get; set; }

    public JsonElement AlertingSeconds { get; set; }

    public JsonElement ConnectedSeconds { get; set; }

    public JsonElement WrapUpSeconds { get; set; }

    public JsonElement DtmfIntervalSeconds { get; set; }

    public JsonElement FlowWriteIntervalSeconds { get; set; }

    public JsonElement FlowReadDelaySeconds { get; set; }

    public JsonElement HoldIntervalSeconds { get; set; }

    public JsonElement HoldSeconds { get; set; }

    public JsonElement Jitter { get; set; }

    public JsonElement FlowWriteKeys { get; set; }

    public JsonElement FlowReadKeys { get; set; }

    public JsonElement WriteBack { get; set; }

    public JsonElement WriteBackUnsetKeys { get; set; }
}
