using System.Net;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// kubeadm's leaf certificates (cmd/kubeadm/app/phases/certs/certlist.go, kubeconfig/kubeconfig.go) as
/// <see cref="CertificateProfile"/>s. Subjects follow the Kubernetes version: from 1.29 kubeadm takes
/// <c>system:masters</c> off every certificate but <c>super-admin.conf</c>'s (admin.conf and
/// apiserver-kubelet-client get <c>kubeadm:cluster-admins</c>, which kubeadm init binds to cluster-admin; the etcd
/// clients get no group); before 1.29 these carry <c>system:masters</c>.
/// </summary>
public static class KubeadmCertificateProfiles
{
    public const string MastersGroup = "system:masters";
    public const string ClusterAdminsGroup = "kubeadm:cluster-admins";
    public const string ApiServerCommonName = "kube-apiserver";
    public const string ApiServerKubeletClientCommonName = "kube-apiserver-kubelet-client";
    public const string ApiServerEtcdClientCommonName = "kube-apiserver-etcd-client";
    public const string FrontProxyClientCommonName = "front-proxy-client";
    public const string EtcdHealthcheckClientCommonName = "kube-etcd-healthcheck-client";
    public const string AdminCommonName = "kubernetes-admin";
    public const string SuperAdminCommonName = "kubernetes-super-admin";

    /// <summary>The first Kubernetes version whose kubeadm uses <c>kubeadm:cluster-admins</c> and super-admin.conf.</summary>
    public static readonly Version ClusterAdminsSince = new(1, 29);

    /// <summary>
    /// <c>apiserver</c> (signed by the cluster CA, serverAuth): CN kube-apiserver; DNS the node name, kubernetes,
    /// kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.&lt;dnsDomain&gt;, the endpoint when a
    /// name, extra names; IP the service subnet's first address, the node's addresses, the endpoint when an
    /// address, extra addresses.
    /// </summary>
    public static CertificateProfile ApiServer(ApiServerCertificateNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var errors = new List<string>();
        CheckNode(names.NodeName, names.NodeAddresses, errors);
        var serviceAddress = PkiNames.FirstServiceAddress(names.ServiceCidr);
        if (serviceAddress is null)
        {
            errors.Add($"serviceCidr: must be a CIDR with room for hosts such as 10.96.0.0/12 (got '{names.ServiceCidr}')");
        }

        if (!PkiNames.IsDnsName(names.DnsDomain))
        {
            errors.Add($"dnsDomain: must be a lowercase DNS name such as cluster.local (got '{names.DnsDomain}')");
        }

        var dns = new List<string> { names.NodeName, "kubernetes", "kubernetes.default", "kubernetes.default.svc", $"kubernetes.default.svc.{names.DnsDomain}" };
        var ips = new List<IPAddress>();
        if (serviceAddress is not null)
        {
            ips.Add(serviceAddress);
        }

        ips.AddRange(names.NodeAddresses ?? []);
        if (names.EndpointHost is not null)
        {
            AddSan(names.EndpointHost, "endpointHost", dns, ips, errors, allowWildcard: false);
        }

        AddSans(names.ExtraSans, "extraSans", dns, ips, errors);
        ThrowIfAny(errors, "apiserver");
        return new CertificateProfile("apiserver", ApiServerCommonName, [], CertificateUsages.ServerAuth, Distinct(dns), Distinct(ips));
    }

    /// <summary><c>apiserver-kubelet-client</c> (cluster CA, clientAuth): O kubeadm:cluster-admins from 1.29, system:masters before.</summary>
    public static CertificateProfile ApiServerKubeletClient(string kubernetesVersion) =>
        Client("apiserver-kubelet-client", ApiServerKubeletClientCommonName, AdminGroup(kubernetesVersion));

    /// <summary><c>apiserver-etcd-client</c> (etcd CA, clientAuth): no O from 1.29, system:masters before.</summary>
    public static CertificateProfile ApiServerEtcdClient(string kubernetesVersion) =>
        Client("apiserver-etcd-client", ApiServerEtcdClientCommonName, EtcdClientGroup(kubernetesVersion));

    /// <summary><c>front-proxy-client</c> (front-proxy CA, clientAuth).</summary>
    public static CertificateProfile FrontProxyClient() => Client("front-proxy-client", FrontProxyClientCommonName, null);

    /// <summary><c>etcd-healthcheck-client</c> (etcd CA, clientAuth): no O from 1.29, system:masters before.</summary>
    public static CertificateProfile EtcdHealthcheckClient(string kubernetesVersion) =>
        Client("etcd-healthcheck-client", EtcdHealthcheckClientCommonName, EtcdClientGroup(kubernetesVersion));

    /// <summary>
    /// <c>etcd-server</c> (etcd CA, serverAuth + clientAuth): CN the node name; DNS the node name, localhost;
    /// IP the node's addresses, 127.0.0.1, ::1; extra SANs.
    /// </summary>
    public static CertificateProfile EtcdServer(EtcdCertificateNames names) => Etcd("etcd-server", names);

    /// <summary><c>etcd-peer</c>: the same names and usages as <see cref="EtcdServer"/> (kubeadm's getAltNames serves both).</summary>
    public static CertificateProfile EtcdPeer(EtcdCertificateNames names) => Etcd("etcd-peer", names);

    /// <summary>
    /// admin.conf's user (cluster CA, clientAuth): CN kubernetes-admin, O kubeadm:cluster-admins from 1.29 (bound to
    /// cluster-admin by kubeadm init), system:masters before.
    /// </summary>
    public static CertificateProfile Admin(string kubernetesVersion) => Client("admin.conf", AdminCommonName, AdminGroup(kubernetesVersion));

    /// <summary>super-admin.conf's user (1.29+): CN kubernetes-super-admin, O system:masters, which no RBAC can take away: break-glass only.</summary>
    public static CertificateProfile SuperAdmin() => Client("super-admin.conf", SuperAdminCommonName, MastersGroup);

    /// <summary>True when the version's kubeadm uses kubeadm:cluster-admins (1.29 and later).</summary>
    public static bool UsesClusterAdminsGroup(string kubernetesVersion) =>
        (PkiNames.ParseKubernetesVersion(kubernetesVersion) ?? throw new PkiException(PkiErrorCode.InvalidRequest,
            $"kubernetesVersion: must be a Kubernetes version like v1.30.14 (got '{kubernetesVersion}')")) >= ClusterAdminsSince;

    private static string AdminGroup(string kubernetesVersion) => UsesClusterAdminsGroup(kubernetesVersion) ? ClusterAdminsGroup : MastersGroup;

    private static string? EtcdClientGroup(string kubernetesVersion) => UsesClusterAdminsGroup(kubernetesVersion) ? null : MastersGroup;

    private static CertificateProfile Client(string name, string commonName, string? group) =>
        new(name, commonName, group is null ? [] : [group], CertificateUsages.ClientAuth, [], []);

    private static CertificateProfile Etcd(string name, EtcdCertificateNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var errors = new List<string>();
        CheckNode(names.NodeName, names.NodeAddresses, errors);
        var dns = new List<string> { names.NodeName, "localhost" };
        var ips = new List<IPAddress>(names.NodeAddresses ?? []) { IPAddress.Loopback, IPAddress.IPv6Loopback };
        AddSans(names.ExtraSans, "extraSans", dns, ips, errors);
        ThrowIfAny(errors, name);
        return new CertificateProfile(name, names.NodeName, [], CertificateUsages.ServerAuth | CertificateUsages.ClientAuth, Distinct(dns), Distinct(ips));
    }

    private static void CheckNode(string nodeName, IReadOnlyList<IPAddress>? addresses, List<string> errors)
    {
        if (!PkiNames.IsDnsName(nodeName))
        {
            errors.Add($"nodeName: must be a lowercase DNS name (letters, digits, '-', '.'; at most 253 characters) (got '{nodeName}')");
        }

        if (addresses is null || addresses.Count == 0)
        {
            errors.Add("nodeAddresses: at least one address is required (the first is the advertise address)");
        }
        else if (addresses.Any(a => a is null))
        {
            errors.Add("nodeAddresses: must not contain null");
        }
    }

    private static void AddSans(IReadOnlyList<string>? sans, string field, List<string> dns, List<IPAddress> ips, List<string> errors)
    {
        for (var i = 0; i < (sans?.Count ?? 0); i++)
        {
            AddSan(sans![i], $"{field}[{i}]", dns, ips, errors, allowWildcard: true);
        }
    }

    private static void AddSan(string san, string field, List<string> dns, List<IPAddress> ips, List<string> errors, bool allowWildcard)
    {
        if (PkiNames.TryParseAddress(san, out var address))
        {
            ips.Add(address);
        }
        else if (PkiNames.IsHostName(san, allowWildcard))
        {
            dns.Add(san);
        }
        else
        {
            errors.Add($"{field}: must be an IP address or a lowercase DNS name{(allowWildcard ? " (or *.name)" : "")} without a port (got '{san}')");
        }
    }

    private static List<string> Distinct(List<string> names) => [.. names.Distinct(StringComparer.Ordinal)];

    private static List<IPAddress> Distinct(List<IPAddress> addresses) => [.. addresses.Distinct()];

    private static void ThrowIfAny(List<string> errors, string name)
    {
        if (errors.Count > 0)
        {
            throw new PkiException(PkiErrorCode.InvalidRequest, $"The {name} certificate cannot be made: {string.Join("; ", errors)}");
        }
    }
}
