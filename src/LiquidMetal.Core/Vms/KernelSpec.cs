namespace LiquidMetal.Core.Vms;

/// <summary>The guest kernel: an image reference, the file inside it, and extra command-line arguments.</summary>
public sealed record KernelSpec
{
    public required string Image { get; init; }
    public string? Filename { get; init; }

    /// <summary>Extra kernel arguments; an empty value is a bare flag.</summary>
    public IReadOnlyDictionary<string, string> Cmdline { get; init => field = value ?? new SortedDictionary<string, string>(StringComparer.Ordinal); } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Render the interfaces' static addresses as cloud-init network-config.</summary>
    public bool AddNetworkConfig { get; init; }
}
