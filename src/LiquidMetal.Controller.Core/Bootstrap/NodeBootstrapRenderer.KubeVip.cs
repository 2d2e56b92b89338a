using System.Net;
using System.Text;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// kube-vip as a static pod on every control-plane node, in ARP mode with leader election (what <c>kube-vip manifest pod
/// --arp --controlplane --leaderElection</c> writes): the leader holds the VIP on the interface and answers ARP for it.
/// </summary>
public static partial class NodeBootstrapRenderer
{
    public const string KubeVipImage = "ghcr.io/kube-vip/kube-vip:v0.8.9";

    private const string KubeVipHosts = "127.0.0.1 localhost kubernetes\n";

    private static string KubeVipManifest(RenderInputs x)
    {
        var vip = IPAddress.Parse(x.Vip!);
        var kubeconfig = x.Action == BootstrapAction.InitControlPlane ? BootstrapPaths.SuperAdminKubeconfig : BootstrapPaths.AdminKubeconfig;
        var text = new StringBuilder(2048);
        text.Append("apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-vip\n  namespace: kube-system\nspec:\n");
        text.Append("  containers:\n  - name: kube-vip\n");
        text.Append("    image: ").Scalar(KubeVipImage).Append('\n');
        text.Append("    imagePullPolicy: IfNotPresent\n");
        text.Append("    args:\n    - manager\n");
        text.Append("    env:\n");
        Env(text, "vip_arp", "true");
        Env(text, "port", Port);
        text.Append("    - name: vip_nodename\n      valueFrom:\n        fieldRef:\n          fieldPath: spec.nodeName\n");
        Env(text, "vip_interface", x.Cluster.ControlPlane.Endpoint.EffectiveInterface);
        Env(text, "vip_cidr", vip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "32" : "128");
        Env(text, "dns_mode", "first");
        Env(text, "cp_enable", "true");
        Env(text, "cp_namespace", "kube-system");
        Env(text, "vip_leaderelection", "true");
        Env(text, "vip_leasename", "plndr-cp-lock");
        Env(text, "vip_leaseduration", "5");
        Env(text, "vip_renewdeadline", "3");
        Env(text, "vip_retryperiod", "1");
        Env(text, "address", x.Vip!);
        text.Append("    securityContext:\n      capabilities:\n        add:\n        - NET_ADMIN\n        - NET_RAW\n");
        text.Append("    volumeMounts:\n");
        text.Append("    - name: kubeconfig\n      mountPath: ").Append(BootstrapPaths.AdminKubeconfig).Append('\n');
        text.Append("    - name: hosts\n      mountPath: /etc/hosts\n      readOnly: true\n");
        text.Append("  hostNetwork: true\n");
        text.Append("  volumes:\n");
        text.Append("  - name: kubeconfig\n    hostPath:\n      path: ").Append(kubeconfig).Append('\n');
        text.Append("  - name: hosts\n    hostPath:\n      path: ").Append(BootstrapPaths.KubeVipHosts).Append("\n      type: File\n");
        return text.ToString();
    }

    private static void Env(StringBuilder text, string name, string value) =>
        text.Append("    - name: ").Append(name).Append("\n      value: ").Scalar(value).Append('\n');
}
