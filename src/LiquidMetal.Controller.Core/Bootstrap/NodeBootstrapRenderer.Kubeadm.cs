using System.Globalization;
using System.Text;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>The kubeadm configuration: Init (with Cluster and Kubelet) or Join, in the release's API version.</summary>
public static partial class NodeBootstrapRenderer
{
    private static string KubeadmConfig(RenderInputs x)
    {
        var text = new StringBuilder(2048);
        var api = x.Release.KubeadmApiGroupVersion;
        if (x.Action == BootstrapAction.InitControlPlane)
        {
            text.Append("apiVersion: ").Append(api).Append("\nkind: InitConfiguration\n");
            text.Append("bootstrapTokens:\n");
            text.Append("- token: ").Scalar(x.Request.Token.Value).Append('\n');
            text.Append("  ttl: ").Scalar(x.Request.Token.TtlText).Append('\n');
            text.Append("  usages:\n  - signing\n  - authentication\n");
            text.Append("  groups:\n  - ").Scalar("system:bootstrappers:kubeadm:default-node-token").Append('\n');
            NodeRegistration(text, x);
            text.Append("localAPIEndpoint:\n  bindPort: ").Append(Port).Append('\n');
            text.Append("---\n");
            ClusterConfiguration(text, x, api);
            text.Append("---\n");
            text.Append("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n");
            return text.ToString();
        }

        text.Append("apiVersion: ").Append(api).Append("\nkind: JoinConfiguration\n");
        NodeRegistration(text, x);
        text.Append("discovery:\n  bootstrapToken:\n");
        text.Append("    apiServerEndpoint: ").Scalar(x.Endpoint).Append('\n');
        text.Append("    token: ").Scalar(x.Request.Token.Value).Append('\n');
        text.Append("    caCertHashes:\n    - ").Scalar(x.Pki.CaCertificateHash).Append('\n');
        if (x.Action == BootstrapAction.JoinControlPlane)
        {
            // No certificateKey: the CAs were written to /etc/kubernetes/pki, kubeadm issues this node's certificates from them.
            text.Append("controlPlane:\n  localAPIEndpoint:\n    bindPort: ").Append(Port).Append('\n');
        }

        return text.ToString();
    }

    private static string Port => Model.ClusterEndpoint.ApiServerPort.ToString(CultureInfo.InvariantCulture);

    private static void NodeRegistration(StringBuilder text, RenderInputs x)
    {
        text.Append("nodeRegistration:\n");
        text.Append("  name: ").Scalar(x.Node.Name).Append('\n');
        text.Append("  criSocket: ").Scalar(CriSocket).Append('\n');
        text.Append("  imagePullPolicy: IfNotPresent\n");
        var args = new List<KeyValuePair<string, string>>(2);
        if (x.NodeLabels.Count > 0)
        {
            args.Add(new("node-labels", string.Join(',', x.NodeLabels.Select(l => $"{l.Key}={l.Value}"))));
        }

        args.Add(new("provider-id", ProviderIds.Template));
        text.Append("  kubeletExtraArgs:\n");
        foreach (var (name, value) in args)
        {
            if (x.Release.KubeadmApi == KubeadmApiVersion.V1Beta3)
            {
                text.Append("    ").Append(name).Append(": ").Scalar(value).Append('\n');
            }
            else
            {
                text.Append("  - name: ").Append(name).Append("\n    value: ").Scalar(value).Append('\n');
            }
        }

        if (x.Taints.Count == 0)
        {
            text.Append("  taints: []\n");
        }
        else
        {
            text.Append("  taints:\n");
            foreach (var taint in x.Taints)
            {
                text.Append("  - key: ").Scalar(taint.Key).Append('\n');
                if (taint.Value is { Length: > 0 } value)
                {
                    text.Append("    value: ").Scalar(value).Append('\n');
                }

                text.Append("    effect: ").Append(taint.Effect.ToString()).Append('\n');
            }
        }

        if (x.Action == BootstrapAction.JoinControlPlane && x.Vip is not null)
        {
            // The kube-vip manifest is already in /etc/kubernetes/manifests.
            text.Append("  ignorePreflightErrors:\n  - DirAvailable--etc-kubernetes-manifests\n");
        }
    }

    private static void ClusterConfiguration(StringBuilder text, RenderInputs x, string api)
    {
        var networking = x.Cluster.Networking;
        text.Append("apiVersion: ").Append(api).Append("\nkind: ClusterConfiguration\n");
        text.Append("clusterName: ").Scalar(x.Cluster.Name).Append('\n');
        text.Append("kubernetesVersion: ").Scalar(x.Cluster.KubernetesVersion).Append('\n');
        text.Append("controlPlaneEndpoint: ").Scalar(x.Endpoint).Append('\n');
        text.Append("certificatesDir: ").Append(BootstrapPaths.PkiDirectory).Append('\n');
        text.Append("networking:\n");
        text.Append("  dnsDomain: ").Scalar(networking.DnsDomain).Append('\n');
        text.Append("  podSubnet: ").Scalar(networking.PodCidr).Append('\n');
        text.Append("  serviceSubnet: ").Scalar(networking.ServiceCidr).Append('\n');
        text.Append("apiServer:\n  certSANs:\n  - ").Scalar(x.EndpointHost).Append('\n');
    }
}
