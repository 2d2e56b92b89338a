using System.Text.Json.Serialization;

namespace LiquidMetal.Controller.Kubernetes;

/// <summary>Source-generated JSON for the objects the controller sends and reads (no reflection: Native AOT).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(KubernetesSecret))]
[JsonSerializable(typeof(KubernetesStatus))]
internal sealed partial class KubernetesJsonContext : JsonSerializerContext;
