namespace LiquidMetal.Controller.Core.Ports;

/// <summary>Creates a client per host; the caller disposes it.</summary>
public interface IHostAgentClientFactory
{
    /// <exception cref="HostAgentException">With <see cref="HostAgentErrorCode.InvalidConfiguration"/>: a malformed endpoint or an unreadable CA file.</exception>
    IHostAgentClient Create(HostAgentEndpoint endpoint);
}
