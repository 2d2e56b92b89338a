using System.Text.Json.Serialization;

namespace LiquidMetal.Controller.Kubernetes;

/// <summary>The part of a Kubernetes object's <c>metadata</c> the controller writes and reads.</summary>
internal sealed record KubernetesObjectMeta
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("namespace")]
    public string? Namespace { get; init; }
}
