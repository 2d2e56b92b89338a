using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// Deterministic VM ids: <c>&lt;node&gt;-&lt;8 hex&gt;</c> over node name and spec hash. A changed spec gets a new id,
/// so a rolling update can create the new VM next to the old one on the same host; the same spec always gets the
/// same id, so a create repeated after a crash finds the VM the agent already made (its create is idempotent).
/// </summary>
public static class NodeVms
{
    /// <summary>Label naming the node a VM belongs to (its id carries a suffix).</summary>
    public const string NodeLabel = "liquidmetal.dev/node";

    private const int MaxIdLength = 63;
    private const int SuffixLength = 8;

    public static NodeVm Build(DesiredNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var machine = MachineSpecFactory.Build(node);
        var vmId = VmId(node.Name, machine.SpecHash);
        var labels = new SortedDictionary<string, string>(machine.Spec.Labels.ToDictionary(), StringComparer.Ordinal)
        {
            [NodeLabel] = node.Name,
        };
        var spec = machine.Spec with { Id = vmId, Labels = labels };
        return new NodeVm(node, machine with { Spec = spec }, vmId);
    }

    /// <summary>
    /// The spec the agent is asked to create: the node's spec (id, labels and spec hash unchanged) carrying the node's
    /// bootstrap documents in its metadata, as flintlock clients send them.
    /// </summary>
    public static MicroVmSpec WithBootstrap(NodeVm vm, NodeBootstrap bootstrap)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(bootstrap);
        var metadata = new SortedDictionary<string, string>(vm.Machine.Spec.Metadata.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, value) in bootstrap.ToMicroVmMetadata())
        {
            metadata[key] = value;
        }

        return vm.Machine.Spec with { Metadata = metadata };
    }

    public static string VmId(string node, string specHash)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(specHash);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{node}\n{specHash}"));
        var suffix = Convert.ToHexStringLower(digest)[..SuffixLength];
        var prefix = node.Length + 1 + SuffixLength > MaxIdLength ? node[..(MaxIdLength - 1 - SuffixLength)] : node;
        return $"{prefix}-{suffix}";
    }
}
