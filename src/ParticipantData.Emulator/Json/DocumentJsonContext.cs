using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParticipantData.Emulator.Json;

/// <summary>
/// Source-generated reading of the hand-written documents: the fault plan (which may hold comments and trailing
/// commas), the admin API's create body and its lifecycle. Their fields are <see cref="JsonElement"/>s, checked by <see cref="JsonFields"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Faults.FaultPlanDocument))]
[JsonSerializable(typeof(Faults.FaultRuleDocument))]
[JsonSerializable(typeof(Faults.FaultActionDocument))]
[JsonSerializable(typeof(Lifecycle.LifecycleDocument))]
[JsonSerializable(typeof(Admin.NewConversationDocument))]
[JsonSerializable(typeof(Admin.NewParticipantDocument))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;
