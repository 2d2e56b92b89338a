namespace LiquidMetal.Agent.Linux.CloudInit;

/// <summary>How seed disks are written (the agent binds it from configuration section "CloudInit").</summary>
public sealed class NoCloudSeedOptions
{
    /// <summary>The ISO9660 writer (Debian package genisoimage). Default <c>genisoimage</c> (found on PATH).</summary>
    public string GenisoimagePath { get; set; } = "genisoimage";
}
