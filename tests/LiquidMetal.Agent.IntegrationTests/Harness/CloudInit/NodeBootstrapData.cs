namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>
/// What a node is given to boot with, as a flintlock client sends it in the VM's metadata: cloud-init user-data,
/// vendor-data (hostname, SSH keys, as the Cluster API microVM provider sends them) and meta-data.
/// </summary>
public sealed record NodeBootstrapData(string UserData, string? VendorData, string MetaData)
{
    /// <summary>Reads <c>user-data</c>, <c>meta-data</c> and, if present, <c>vendor-data</c> from a directory.</summary>
    public static NodeBootstrapData Load(string directory)
    {
        var vendorData = Path.Combine(directory, "vendor-data");
        return new NodeBootstrapData(
            File.ReadAllText(Path.Combine(directory, "user-data")),
            File.Exists(vendorData) ? File.ReadAllText(vendorData) : null,
            File.ReadAllText(Path.Combine(directory, "meta-data")));
    }
}
