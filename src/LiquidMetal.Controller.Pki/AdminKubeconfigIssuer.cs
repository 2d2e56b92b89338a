namespace LiquidMetal.Controller.Pki;

/// <summary>
/// <c>lm kubeconfig CLUSTER</c>: an admin kubeconfig for the cluster's endpoint with a fresh, short-lived client
/// certificate signed by the cluster CA (kubeadm's admin.conf subject for the cluster's Kubernetes version; the
/// super-admin one on request).
/// </summary>
public sealed class AdminKubeconfigIssuer
{
    private readonly CertificateIssuer _issuer;

    public AdminKubeconfigIssuer(CertificateIssuer issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        _issuer = issuer;
    }

    /// <param name="lifetime">The client certificate's lifetime; <see cref="CertificateIssuer.DefaultAdminLifetime"/> (24 h) when null.</param>
    /// <param name="superAdmin">CN kubernetes-super-admin, O system:masters: bypasses RBAC; for break-glass use.</param>
    public AdminKubeconfig Issue(string clusterName, ClusterPki pki, string endpointHost, string kubernetesVersion,
        TimeSpan? lifetime = null, int port = KubeconfigBuilder.DefaultPort, bool superAdmin = false, KeyAlgorithm algorithm = KeyAlgorithm.Rsa2048)
    {
        ArgumentNullException.ThrowIfNull(pki);
        var errors = new List<string>();
        KubeconfigBuilder.Server(endpointHost, port, errors);
        if (!PkiNames.IsDnsName(clusterName))
        {
            errors.Add($"clusterName: must be a lowercase DNS name (got '{clusterName}')");
        }

        if (PkiNames.ParseKubernetesVersion(kubernetesVersion) is null)
        {
            errors.Add($"kubernetesVersion: must be a Kubernetes version like v1.30.14 (got '{kubernetesVersion}')");
        }

        if (errors.Count > 0)
        {
            throw new PkiException(PkiErrorCode.InvalidRequest, $"The admin kubeconfig cannot be made: {string.Join("; ", errors)}");
        }

        var profile = superAdmin ? KubeadmCertificateProfiles.SuperAdmin() : KubeadmCertificateProfiles.Admin(kubernetesVersion);
        var client = _issuer.Issue(pki.ClusterCa, profile, lifetime ?? CertificateIssuer.DefaultAdminLifetime, algorithm);
        using var certificate = PkiCertificates.Load(client.CertificatePem, "the admin certificate");
        var userName = $"{clusterName}-{(superAdmin ? "super-admin" : "admin")}";
        var yaml = KubeconfigBuilder.Build(clusterName, endpointHost, port, pki.ClusterCa.CertificatePem, userName, client);
        return new AdminKubeconfig(yaml, userName, new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }
}
