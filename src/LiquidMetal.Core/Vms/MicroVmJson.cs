using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiquidMetal.Core.Vms;

/// <summary>The one JSON form of specs and statuses: used by stores and to compare specs.</summary>
public static class MicroVmJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Empty JSON for {typeof(T).Name}");

    /// <summary>Spec with every map key-sorted, so equal specs serialize byte-for-byte equal.</summary>
    public static MicroVmSpec Canonical(MicroVmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec with
        {
            Labels = Sorted(spec.Labels),
            Metadata = Sorted(spec.Metadata),
            Kernel = spec.Kernel with { Cmdline = Sorted(spec.Kernel.Cmdline) },
        };
    }

    /// <summary>True when two specs ask for the same VM: a retried create returns the existing one.</summary>
    public static bool AreEquivalent(MicroVmSpec a, MicroVmSpec b) =>
        string.Equals(Serialize(Canonical(a)), Serialize(Canonical(b)), StringComparison.Ordinal);

    private static SortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> map) =>
        map as SortedDictionary<string, string> is { } sorted && sorted.Comparer == StringComparer.Ordinal
            ? sorted
            : new SortedDictionary<string, string>(map.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);
}
