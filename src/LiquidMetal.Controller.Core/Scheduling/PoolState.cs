namespace LiquidMetal.Controller.Core.Scheduling;

/// <summary>How a pool's placed nodes are spread over hosts and failure domains (for the soft spread rule).</summary>
internal sealed class PoolState(string name)
{
    private readonly Dictionary<int, int> _perHost = [];
    private readonly Dictionary<int, int> _perDomain = [];

    public string Name { get; } = name;

    public int OnHost(int host) => _perHost.GetValueOrDefault(host);

    public int InDomain(int domain) => _perDomain.GetValueOrDefault(domain);

    public void Add(HostState host, int sign)
    {
        _perHost[host.Index] = OnHost(host.Index) + sign;
        _perDomain[host.Domain] = InDomain(host.Domain) + sign;
    }
}
