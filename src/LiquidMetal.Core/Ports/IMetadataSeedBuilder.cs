using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Ports;

/// <summary>
/// Renders a VM's cloud-init files (meta-data with instance_id = uid and local_hostname, user-data,
/// vendor-data, network-config) and writes them as a NoCloud seed disk (label cidata).
/// </summary>
public interface IMetadataSeedBuilder
{
    /// <summary>Builds the disk atomically at <paramref name="targetPath"/> (replacing any old one).</summary>
    /// <exception cref="SeedException">The VM's metadata cannot be rendered (e.g. meta-data is not YAML).</exception>
    Task BuildAsync(string targetPath, MicroVm vm, IReadOnlyList<NicAttachment> nics, CancellationToken cancellationToken);
}
