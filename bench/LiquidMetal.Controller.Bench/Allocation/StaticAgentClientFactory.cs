using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Bench.Allocation;

/// <summary>Hands out a <see cref="StaticAgentClient"/> for each known endpoint address.</summary>
internal sealed class StaticAgentClientFactory(IReadOnlyDictionary<string, (HostAgentInfo Info, IReadOnlyList<string> VmsJson)> agents) : IHostAgentClientFactory
{
    public IHostAgentClient Create(HostAgentEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return agents.TryGetValue(endpoint.Address, out var agent)
            ? new StaticAgentClient(endpoint.Address, agent.Info, agent.VmsJson)
            : throw new HostAgentException(HostAgentErrorCode.InvalidConfiguration, $"no static agent at {endpoint.Address}");
    }
}
