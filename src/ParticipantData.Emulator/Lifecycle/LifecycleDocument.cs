using System.Text.Json;

namespace ParticipantData.Emulator.Lifecycle;

/// <summary>The admin create body's <c>"lifecycle"</c> object (and emulator.yaml's <c>lifecycle:</c>); each field as written (absent: <see cref="JsonValueKind.Undefined"/>), checked by <see cref="LifecycleJson"/>.</summary>
internal sealed record LifecycleDocument(
    JsonElement Enabled, JsonElement IvrSeconds, JsonElement QueueSeconds, JsonElement AlertingSeconds,
    JsonElement ConnectedSeconds, JsonElement WrapUpSeconds, JsonElement DtmfIntervalSeconds,
    JsonElement FlowWriteIntervalSeconds, JsonElement FlowReadDelaySeconds, JsonElement HoldIntervalSeconds,
    JsonElement HoldSeconds, JsonElement Jitter, JsonElement FlowWriteKeys, JsonElement FlowReadKeys,
    JsonElement WriteBack, JsonElement WriteBackUnsetKeys);
