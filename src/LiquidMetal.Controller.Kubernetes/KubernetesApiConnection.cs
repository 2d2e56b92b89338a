using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki;

namespace LiquidMetal.Controller.Kubernetes;

/// <summary>
/// One HTTPS connection setup to a workload cluster's API server: a new admin client certificate from the cluster CA
/// (kubeadm's admin.conf subject for the cluster's version, ECDSA P-256, short-lived), and a server certificate that
/// must chain to the cluster CA alone (no system roots) and name the endpoint. Disposed after the call.
/// </summary>
internal sealed class KubernetesApiConnection : IDisposable
{
    private readonly X509Certificate2 _caCertificate;
    private readonly X509Certificate2 _clientCertificate;

    public KubernetesApiConnection(WorkloadCluster cluster, CertificateIssuer issuer, KubernetesApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(options);
        var client = issuer.Issue(new CertificateAndKey(cluster.CaCertificatePem, cluster.CaPrivateKeyPem),
            KubeadmCertificateProfiles.Admin(cluster.KubernetesVersion), options.ClientCertificateLifetime, KeyAlgorithm.EcdsaP256);
        _caCertificate = X509Certificate2.CreateFromPem(cluster.CaCertificatePem);
        _clientCertificate = X509Certificate2.CreateFromPem(client.CertificatePem, client.PrivateKeyPem);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => _clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Verify(certificate, errors),
            },
        };
        Client = new HttpClient(handler, disposeHandler: true) { BaseAddress = cluster.Server, Timeout = Timeout.InfiniteTimeSpan };
    }

    public HttpClient Client { get; }

    /// <summary>Why the server's certificate was refused, when it was.</summary>
    public string? TrustProblem { get; private set; }

    private bool Verify(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            TrustProblem = "the server sent no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            TrustProblem = $"the server's certificate ({certificate.Subject}) does not name the endpoint {Client.BaseAddress?.Host}";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_caCertificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        if (!chain.Build(leaf))
        {
            TrustProblem = $"the server's certificate ({leaf.Subject}, issued by {leaf.Issuer}) does not verify against the cluster CA: " +
                string.Join(", ", chain.ChainStatus.Select(s => s.Status));
            return false;
        }

        return true;
    }

    public void Dispose()
    {
        Client.Dispose();
        _clientCertificate.Dispose();
        _caCertificate.Dispose();
    }
}
