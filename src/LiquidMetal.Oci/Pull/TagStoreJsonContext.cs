using System.Text.Json.Serialization;

namespace LiquidMetal.Oci.Pull;

/// <summary>Source-generated JSON for <c>tags.json</c>: the agent is a Native AOT binary (no reflection-based serialisation).</summary>
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class TagStoreJsonContext : JsonSerializerContext;
