namespace LiquidMetal.Core.Vms;

public sealed record StaticAddressSpec
{
    /// <summary>CIDR, e.g. 10.0.0.5/24 or fd00::5/64.</summary>
    public required string Address { get; init; }
    public string? Gateway { get; init; }
    public IReadOnlyList<string> Nameservers { get; init => field = value ?? []; } = [];
}
