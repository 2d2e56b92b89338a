namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>Where a node's bootstrap puts things (kubeadm's own paths where it has them).</summary>
public static class BootstrapPaths
{
    public const string PkiDirectory = "/etc/kubernetes/pki";
    public const string InitConfig = "/run/kubeadm/kubeadm.yaml";
    public const string JoinConfig = "/run/kubeadm/kubeadm-join-config.yaml";
    public const string KubeVipManifest = "/etc/kubernetes/manifests/kube-vip.yaml";

    /// <summary>kube-vip's /etc/hosts: <c>kubernetes</c> is the local API server (static pods ignore hostAliases in some 1.29/1.30 patches).</summary>
    public const string KubeVipHosts = "/etc/kube-vip.hosts";
    public const string ContainerdConfig = "/etc/containerd/config.toml";
    public const string KernelModules = "/etc/modules-load.d/liquidmetal-kubernetes.conf";
    public const string Sysctls = "/etc/sysctl.d/99-liquidmetal-kubernetes.conf";

    /// <summary>Written when kubeadm succeeded (as Cluster API's <c>/run/cluster-api/bootstrap-success.complete</c>).</summary>
    public const string SuccessSentinel = "/run/liquidmetal/bootstrap-success.complete";

    public const string AdminKubeconfig = "/etc/kubernetes/admin.conf";

    /// <summary>Bound to system:masters; only the init node has it, and kube-vip needs it until kubeadm init has set up RBAC (Kubernetes 1.29+).</summary>
    public const string SuperAdminKubeconfig = "/etc/kubernetes/super-admin.conf";
}
