using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents;

/// <summary>Creates a <see cref="GrpcHostAgentClient"/> per host with shared options.</summary>
public sealed class GrpcHostAgentClientFactory(HostAgentClientOptions? options = null, TimeProvider? time = null) : IHostAgentClientFactory
{
    private readonly HostAgentClientOptions _options = options ?? new HostAgentClientOptions();

    public IHostAgentClient Create(HostAgentEndpoint endpoint) => new GrpcHostAgentClient(endpoint, _options, time);
}
