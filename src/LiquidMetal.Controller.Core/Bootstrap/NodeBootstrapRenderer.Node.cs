using System.Collections.Concurrent;
using System.Text;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>What every node needs before kubeadm: kernel modules, sysctls, containerd with the systemd cgroup driver.</summary>
public static partial class NodeBootstrapRenderer
{
    private const string KernelModules = "overlay\nbr_netfilter\n";

    private const string Sysctls =
        "net.bridge.bridge-nf-call-iptables = 1\n" +
        "net.bridge.bridge-nf-call-ip6tables = 1\n" +
        "net.ipv4.ip_forward = 1\n";

    private const string SysctlsIpv6 = Sysctls + "net.ipv6.conf.all.forwarding = 1\n";

    private static readonly ConcurrentDictionary<KubernetesRelease, string> ContainerdConfigs = new();

    /// <summary>containerd's CRI plugin (config version 2, which containerd 2.x still reads): runc with systemd cgroups, the release's pause image.</summary>
    private static string ContainerdConfig(KubernetesRelease release) =>
        ContainerdConfigs.GetOrAdd(release, static r => new StringBuilder()
            .Append("version = 2\n\n")
            .Append("[plugins.\"io.containerd.grpc.v1.cri\"]\n")
            .Append("  sandbox_image = \"").Append(r.PauseImage).Append("\"\n\n")
            .Append("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]\n")
            .Append("  runtime_type = \"io.containerd.runc.v2\"\n\n")
            .Append("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n")
            .Append("  SystemdCgroup = true\n")
            .ToString());
}
