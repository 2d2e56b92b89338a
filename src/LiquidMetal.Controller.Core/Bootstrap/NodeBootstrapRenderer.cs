using System.Text;
using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// Renders a node's bootstrap as cloud-init documents, without I/O and byte-stable for the same input. The user-data
/// writes the cluster PKI (control-plane nodes only), containerd, kernel and kubelet settings, the kubeadm configuration in
/// the format of the cluster's release (v1beta3 before 1.31, v1beta4 from 1.31), the kube-vip static pod (control-plane
/// nodes of a VIP cluster), then runs <c>kubeadm init</c> or <c>kubeadm join</c>. It starts with <c>## template: jinja</c>
/// so that cloud-init fills in the provider id (<see cref="ProviderIds.Template"/>) from the instance's meta-data.
/// See docs/bootstrap.md.
/// </summary>
public static partial class NodeBootstrapRenderer
{
    public const string CriSocket = "unix:///var/run/containerd/containerd.sock";

    /// <summary>The <c>platform</c> flintlock clients put in meta-data.</summary>
    public const string Platform = "liquid_metal";

    public const string FinalMessage = "The Liquid Metal booted system is good to go after $UPTIME seconds";

    private const string JinjaHeader = "## template: jinja\n";
    private const string CloudConfigHeader = "#cloud-config\n";
    private const string Root = "root:root";

    /// <summary>Renders the three documents for one node.</summary>
    /// <exception cref="ArgumentException">The request is inconsistent (role and action, missing PKI for a control-plane node, a release with no template, ...).</exception>
    public static NodeBootstrap Render(NodeBootstrapRequest request)
    {
        var inputs = RenderInputs.From(request);
        return new NodeBootstrap(UserData(inputs), MetaData(inputs), VendorData(inputs));
    }

    private static string UserData(RenderInputs x)
    {
        var text = new StringBuilder(x.IsControlPlane ? 18 * 1024 : 3 * 1024);
        text.Append(JinjaHeader).Append(CloudConfigHeader).Append("write_files:\n");
        if (x.IsControlPlane)
        {
            var pki = x.Pki;
            File(text, $"{BootstrapPaths.PkiDirectory}/ca.crt", "0644", pki.CaCertificate!);
            File(text, $"{BootstrapPaths.PkiDirectory}/ca.key", "0600", pki.CaKey!);
            File(text, $"{BootstrapPaths.PkiDirectory}/etcd/ca.crt", "0644", pki.EtcdCaCertificate!);
            File(text, $"{BootstrapPaths.PkiDirectory}/etcd/ca.key", "0600", pki.EtcdCaKey!);
            File(text, $"{BootstrapPaths.PkiDirectory}/front-proxy-ca.crt", "0644", pki.FrontProxyCaCertificate!);
            File(text, $"{BootstrapPaths.PkiDirectory}/front-proxy-ca.key", "0600", pki.FrontProxyCaKey!);
            File(text, $"{BootstrapPaths.PkiDirectory}/sa.pub", "0644", pki.ServiceAccountPublicKey!);
            File(text, $"{BootstrapPaths.PkiDirectory}/sa.key", "0600", pki.ServiceAccountKey!);
            if (x.Vip is not null)
            {
                File(text, BootstrapPaths.KubeVipManifest, "0600", KubeVipManifest(x));
                File(text, BootstrapPaths.KubeVipHosts, "0644", KubeVipHosts);
            }
        }

        File(text, BootstrapPaths.KernelModules, "0644", KernelModules);
        File(text, BootstrapPaths.Sysctls, "0644", IsIpv6(x) ? SysctlsIpv6 : Sysctls);
        File(text, BootstrapPaths.ContainerdConfig, "0644", ContainerdConfig(x.Release));
        File(text, x.Action == BootstrapAction.InitControlPlane ? BootstrapPaths.InitConfig : BootstrapPaths.JoinConfig, "0600", KubeadmConfig(x));

        text.Append("runcmd:\n");
        foreach (var command in Commands(x))
        {
            text.Append("- ").Scalar(command).Append('\n');
        }

        var userData = text.ToString();
        CheckTemplate(userData);
        return userData;
    }

    /// <summary>The commands cloud-init runs once, in order; kubeadm's line writes the success sentinel only when kubeadm succeeded.</summary>
    private static IEnumerable<string> Commands(RenderInputs x)
    {
        yield return "modprobe -a overlay br_netfilter";
        yield return "sysctl --system";
        yield return "systemctl restart containerd";
        yield return $"mkdir -p {Path.GetDirectoryName(BootstrapPaths.SuccessSentinel)}";
        var done = $"echo success > {BootstrapPaths.SuccessSentinel}";
        switch (x.Action)
        {
            case BootstrapAction.InitControlPlane when x.Vip is not null:
                // kube-vip needed super-admin.conf while kubeadm set up RBAC; admin.conf from now on (as the Cluster API templates do).
                yield return $"kubeadm init --config {BootstrapPaths.InitConfig} && " +
                             $"sed -i 's#path: {BootstrapPaths.SuperAdminKubeconfig}$#path: {BootstrapPaths.AdminKubeconfig}#' {BootstrapPaths.KubeVipManifest} && {done}";
                break;
            case BootstrapAction.InitControlPlane:
                yield return $"kubeadm init --config {BootstrapPaths.InitConfig} && {done}";
                break;
            default:
                yield return $"kubeadm join --config {BootstrapPaths.JoinConfig} && {done}";
                break;
        }
    }

    /// <summary>meta-data as flintlock clients send it; the agent adds <c>instance-id</c>/<c>instance_id</c> (the uid).</summary>
    private static string MetaData(RenderInputs x)
    {
        var text = new StringBuilder(160);
        text.Append("local-hostname: ").Scalar(x.Node.Name).Append('\n');
        text.Append("local_hostname: ").Scalar(x.Node.Name).Append('\n');
        text.Append("platform: ").Append(Platform).Append('\n');
        text.Append("vm_host: ").Scalar(x.Request.HostName).Append('\n');
        text.Append("cluster_name: ").Scalar(x.Cluster.Name).Append('\n');
        return text.ToString();
    }

    /// <summary>vendor-data as flintlock clients send it: hostname, SSH keys per user, the final message.</summary>
    private static string VendorData(RenderInputs x)
    {
        var text = new StringBuilder(256);
        text.Append(CloudConfigHeader);
        text.Append("hostname: ").Scalar(x.Node.Name).Append('\n');
        text.Append("manage_etc_hosts: localhost\n");
        var keys = x.Cluster.SshPublicKeys;
        if (keys.Count > 0)
        {
            if (keys.Any(k => k.User == SshPublicKeys.DefaultUser))
            {
                text.Append("disable_root: false\n");
            }

            text.Append("users:\n");
            foreach (var user in keys)
            {
                text.Append("- name: ").Scalar(user.User).Append('\n');
                text.Append("  ssh_authorized_keys:\n");
                foreach (var key in user.AuthorizedKeys)
                {
                    text.Append("  - ").Scalar(key).Append('\n');
                }
            }
        }

        text.Append("final_message: ").Scalar(FinalMessage).Append('\n');
        return text.ToString();
    }

    private static void File(StringBuilder text, string path, string permissions, string content)
    {
        text.Append("- path: ").Scalar(path).Append('\n');
        text.Append("  owner: ").Append(Root).Append('\n');
        text.Append("  permissions: '").Append(permissions).Append("'\n");
        text.Append("  content: ").Block(content, 2);
    }

    /// <summary>The user-data is a jinja template: only the provider id may use its delimiters, whatever the inputs held.</summary>
    private static void CheckTemplate(string userData)
    {
        var expressions = 0;
        for (var at = userData.IndexOf("{{", StringComparison.Ordinal); at >= 0; at = userData.IndexOf("{{", at + 2, StringComparison.Ordinal))
        {
            expressions++;
        }

        if (expressions != 2 || userData.Contains("{%", StringComparison.Ordinal) || userData.Contains("{#", StringComparison.Ordinal))
        {
            throw new ArgumentException("an input holds jinja delimiters ('{{', '{%' or '{#'), which cloud-init would evaluate; inputs must pass the fleet's validation");
        }
    }

    private static bool IsIpv6(RenderInputs x) =>
        x.Cluster.Networking.PodCidr.Contains(':', StringComparison.Ordinal);
}
