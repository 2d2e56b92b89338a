using System.Text.Json.Nodes;

namespace LiquidMetal.Cli.Files;

/// <summary>
/// The protobuf JSON made from a file, the problems found on the way, and where each field sat in the
/// file (keyed by canonical path such as <c>microvm.interfaces[0].address</c>).
/// </summary>
internal sealed record ProtoJsonConversion(
    JsonObject Json,
    IReadOnlyList<SpecFileError> Errors,
    IReadOnlyDictionary<string, SourceLocation> Locations);
