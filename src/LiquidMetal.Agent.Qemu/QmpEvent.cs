using System.Text.Json;

namespace LiquidMetal.Agent.Qemu;

/// <summary>An asynchronous QMP event, e.g. SHUTDOWN with data {"guest": true, "reason": "guest-shutdown"}.</summary>
public sealed record QmpEvent(string Name, JsonElement? Data, DateTimeOffset? Timestamp);
