using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace LiquidMetal.Core.Vms;

/// <summary>The one JSON form of specs and statuses: used by stores and to compare specs.</summary>
public static class MicroVmJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = MicroVmJsonContext.Default,
        Converters =
        {
            new JsonStringEnumConverter<MicroVmState>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<InterfaceType>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<MountType>(JsonNamingPolicy.CamelCase),
        },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>(Options));

    public static T Deserialize<T>(string json) => Deserialize<T>(json, Options);

    /// <summary>Reads <typeparamref name="T"/> with options derived from <see cref="Options"/> (e.g. stricter ones).</summary>
    public static T Deserialize<T>(string json, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(json, TypeInfo<T>(options)) ?? throw new JsonException($"Empty JSON for {typeof(T).Name}");

    private static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

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
