namespace LiquidMetal.Agent.Hosting;

/// <summary>Structured console logs: one line per event for people, or JSON lines for log shippers.</summary>
internal static class AgentLogging
{
    public static ILoggingBuilder AddAgentConsole(this ILoggingBuilder logging, string? format)
    {
        // A line per request would cost more than the request (Get is served from memory); the agent logs
        // what it does to VMs, and ASP.NET Core / gRPC only warnings. "Logging:LogLevel:*" overrides these.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }

        return logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
    }
}
