using System.Text.Json.Serialization;

namespace LiquidMetal.Core.Vms;

/// <summary>
/// Compile-time JSON metadata for the stored forms, so the agent runs as a Native AOT binary (no reflection-based
/// serialization). Naming and null handling come from <see cref="MicroVmJson.Options"/>.
/// The generated reader sets every init-only property, passing null for a key the JSON lacks; that is why the
/// records' collection and object properties fall back to their defaults in their init accessors.
/// </summary>
[JsonSerializable(typeof(MicroVm))]
[JsonSerializable(typeof(MicroVmSpec))]
[JsonSerializable(typeof(MicroVmStatus))]
internal sealed partial class MicroVmJsonContext : JsonSerializerContext;
