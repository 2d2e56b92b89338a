namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// The generated site: <see cref="Hosts"/> kvm servers of <see cref="HostCpus"/> CPUs and <see cref="HostMemoryGiB"/> GiB,
/// <see cref="HostsPerRack"/> to a rack (failure domain), and <see cref="Clusters"/> clusters of 3 control-plane nodes and
/// 1 to 3 workers each. <see cref="Seed"/> fixes the random mix.
/// </summary>
internal sealed record SiteShape
{
    public int Clusters { get; init; } = 1000;
    public int Hosts { get; init; } = 50;
    public int HostsPerRack { get; init; } = 5;
    public int HostCpus { get; init; } = 96;
    public int HostMemoryGiB { get; init; } = 768;
    public int Seed { get; init; } = 4;
}
