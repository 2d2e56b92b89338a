namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>
/// What a node is given to boot with, as a flintlock client sends it in the VM's metadata: cloud-init user-data,
/// vendor-data (hostname, SSH keys, as the Cluster API microVM provider sends them) and meta-data.
/// </summary>
public sealed record NodeBootstrapData(string UserData, string? VendorData, string MetaData);
