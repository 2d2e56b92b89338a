using System.Text.Json.Serialization;

namespace LiquidMetal.Controller.Kubernetes;

/// <summary>The meta/v1 Status a kube-apiserver answers a failed call with.</summary>
internal sealed record KubernetesStatus
{
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("code")]
    public int Code { get; init; }
}
