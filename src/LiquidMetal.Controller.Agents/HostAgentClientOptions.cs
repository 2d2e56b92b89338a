namespace LiquidMetal.Controller.Agents;

/// <summary>Timeouts for talking to host agents (section "Agents").</summary>
public sealed class HostAgentClientOptions
{
    /// <summary>Deadline of each unary call (default 10 s). Watches have none: they run until cancelled.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a TCP connect may take (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// HTTP/2 pings while a call (a watch) is open (default every 15 s, 10 s to answer), so a watch on a
    /// host that died without closing the connection fails instead of waiting forever.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(15);
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
