using System.Net;
using System.Text.RegularExpressions;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>A request checked and resolved: the release's template, the endpoint kubeadm dials, the node's labels and taints, PEMs normalized.</summary>
internal sealed partial record RenderInputs(
    NodeBootstrapRequest Request,
    KubernetesRelease Release,
    string Endpoint,
    string EndpointHost,
    string? Vip,
    IReadOnlyList<KeyValuePair<string, string>> NodeLabels,
    IReadOnlyList<NodeTaint> Taints,
    BootstrapPki Pki)
{
    public Cluster Cluster => Request.Cluster;
    public DesiredNode Node => Request.Node;
    public BootstrapAction Action => Request.Action;
    public bool IsControlPlane => Request.Action != BootstrapAction.JoinWorker;

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex CaHashRegex();

    /// <exception cref="ArgumentException">The request does not describe a node that can be bootstrapped (see the message).</exception>
    public static RenderInputs From(NodeBootstrapRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cluster = request.Cluster ?? throw new ArgumentException("a cluster is required", nameof(request));
        var node = request.Node ?? throw new ArgumentException("a node is required", nameof(request));
        ArgumentNullException.ThrowIfNull(request.Pki);
        ArgumentNullException.ThrowIfNull(request.Token);
        if (node.Cluster != cluster.Name)
        {
            throw new ArgumentException($"node {node.Name} belongs to cluster {node.Cluster}, not {cluster.Name}", nameof(request));
        }

        if (node.Machine is null)
        {
            throw new ArgumentException($"node {node.Name} is a bare-metal node: its bootstrap is not delivered through a microVM's cloud-init", nameof(request));
        }

        var expected = node.Role == NodeRole.ControlPlane ? "InitControlPlane or JoinControlPlane" : "JoinWorker";
        if ((node.Role == NodeRole.ControlPlane) != (request.Action != BootstrapAction.JoinWorker) || !Enum.IsDefined(request.Action))
        {
            throw new ArgumentException($"node {node.Name} is a {(node.Role == NodeRole.ControlPlane ? "control-plane node" : "worker")}: its action is {expected}, not {request.Action}", nameof(request));
        }

        if (Syntax.Name(request.HostName) is { } hostProblem)
        {
            throw new ArgumentException($"host name {hostProblem}", nameof(request));
        }

        var release = KubernetesReleases.Find(cluster.KubernetesVersion)
            ?? throw new ArgumentException($"Kubernetes {cluster.KubernetesVersion} has no bootstrap template (supported: {KubernetesReleases.SupportedRange})", nameof(request));
        var (endpoint, endpointHost, vip) = ResolveEndpoint(cluster);
        if (!CaHashRegex().IsMatch(request.Pki.CaCertificateHash ?? ""))
        {
            throw new ArgumentException("the PKI's CA certificate hash must be sha256: and 64 lowercase hex digits", nameof(request));
        }

        var pki = request.Action == BootstrapAction.JoinWorker ? request.Pki.ForWorker() : new BootstrapPki
        {
            CaCertificateHash = request.Pki.CaCertificateHash!,
            CaCertificate = PemText.Require(request.Pki.CaCertificate, nameof(BootstrapPki.CaCertificate), PemText.Certificate),
            CaKey = PemText.Require(request.Pki.CaKey, nameof(BootstrapPki.CaKey), PemText.PrivateKey),
            EtcdCaCertificate = PemText.Require(request.Pki.EtcdCaCertificate, nameof(BootstrapPki.EtcdCaCertificate), PemText.Certificate),
            EtcdCaKey = PemText.Require(request.Pki.EtcdCaKey, nameof(BootstrapPki.EtcdCaKey), PemText.PrivateKey),
            FrontProxyCaCertificate = PemText.Require(request.Pki.FrontProxyCaCertificate, nameof(BootstrapPki.FrontProxyCaCertificate), PemText.Certificate),
            FrontProxyCaKey = PemText.Require(request.Pki.FrontProxyCaKey, nameof(BootstrapPki.FrontProxyCaKey), PemText.PrivateKey),
            ServiceAccountPublicKey = PemText.Require(request.Pki.ServiceAccountPublicKey, nameof(BootstrapPki.ServiceAccountPublicKey), PemText.PublicKey),
            ServiceAccountKey = PemText.Require(request.Pki.ServiceAccountKey, nameof(BootstrapPki.ServiceAccountKey), PemText.PrivateKey),
        };

        var (labels, taints) = LabelsAndTaints(cluster, node);
        return new RenderInputs(request, release, endpoint, endpointHost, vip, labels, taints, pki);
    }

    /// <summary><c>host:port</c> for kubeadm, the host alone (a certificate SAN), and the VIP when kube-vip runs.</summary>
    private static (string Endpoint, string Host, string? Vip) ResolveEndpoint(Cluster cluster)
    {
        var endpoint = cluster.ControlPlane?.Endpoint ?? throw new ArgumentException($"cluster {cluster.Name} has no control-plane endpoint", nameof(cluster));
        if (endpoint.Vip is { } vip && IPAddress.TryParse(vip, out var address) && Syntax.IpAddress(vip) is null)
        {
            var host = address.ToString();
            var hostPort = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
            return ($"{hostPort}:{ClusterEndpoint.ApiServerPort}", host, host);
        }

        if (endpoint.Address is { } given && Validation.EndpointSyntax.HostPort(given) is null)
        {
            var rest = given.Contains("://", StringComparison.Ordinal) ? given[(given.IndexOf("://", StringComparison.Ordinal) + 3)..] : given;
            return (rest, rest[..rest.LastIndexOf(':')].Trim('[', ']'), null);
        }

        throw new ArgumentException($"cluster {cluster.Name}'s control-plane endpoint is neither a valid vip nor a valid address", nameof(cluster));
    }

    private static (IReadOnlyList<KeyValuePair<string, string>> Labels, IReadOnlyList<NodeTaint> Taints) LabelsAndTaints(Cluster cluster, DesiredNode node)
    {
        IReadOnlyDictionary<string, string> labels;
        IReadOnlyList<NodeTaint> taints;
        if (node.Role == NodeRole.ControlPlane)
        {
            labels = cluster.ControlPlane.NodeLabels;
            taints = cluster.ControlPlane.EffectiveTaints;
        }
        else
        {
            var pool = cluster.WorkerPools.FirstOrDefault(p => p.Name == node.Pool)
                ?? throw new ArgumentException($"node {node.Name}'s pool {node.Pool} is not in cluster {cluster.Name}", nameof(node));
            labels = pool.NodeLabels;
            taints = pool.Taints;
        }

        return ([.. labels.OrderBy(l => l.Key, StringComparer.Ordinal)], taints);
    }
}
