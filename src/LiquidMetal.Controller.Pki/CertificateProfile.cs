using System.Net;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// What a leaf certificate says: subject (CN, O = Kubernetes user and groups), extended key usages and SANs.
/// <see cref="KubeadmCertificateProfiles"/> builds kubeadm's; <see cref="CertificateIssuer"/> signs one.
/// </summary>
/// <param name="Name">kubeadm's name for it (<c>apiserver</c>, <c>etcd-peer</c>, <c>admin.conf</c>, ...), for messages.</param>
public sealed record CertificateProfile(
    string Name,
    string CommonName,
    IReadOnlyList<string> Organizations,
    CertificateUsages Usages,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<IPAddress> IpAddresses);
