using System.Text;
using System.Text.Json.Serialization;
using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Kubernetes;

/// <summary>A core/v1 Secret as JSON: <c>data</c> values are base64, as kubeadm and kubectl send them.</summary>
internal sealed record KubernetesSecret
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; init; } = "v1";

    [JsonPropertyName("kind")]
    public string Kind { get; init; } = "Secret";

    [JsonPropertyName("metadata")]
    public KubernetesObjectMeta Metadata { get; init; } = new();

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("data")]
    public Dictionary<string, string>? Data { get; init; }

    public static KubernetesSecret From(BootstrapTokenSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.Data)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        }

        return new KubernetesSecret
        {
            Metadata = new KubernetesObjectMeta { Name = secret.Name, Namespace = BootstrapTokenSecret.Namespace },
            Type = BootstrapTokenSecret.SecretType,
            Data = data,
        };
    }

    /// <summary>A data value decoded, or null when absent or not base64.</summary>
    public byte[]? Value(string key)
    {
        if (Data?.GetValueOrDefault(key) is not { } encoded)
        {
            return null;
        }

        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) ? buffer[..written] : null;
    }
}
