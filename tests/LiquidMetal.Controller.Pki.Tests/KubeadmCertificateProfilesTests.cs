using System.Net;

namespace LiquidMetal.Controller.Pki.Tests;

public sealed class KubeadmCertificateProfilesTests
{
    [Theory]
    [InlineData("v1.28.15", "system:masters")]
    [InlineData("1.28", "system:masters")]
    [InlineData("v1.29.0", "kubeadm:cluster-admins")]
    [InlineData("v1.31.0-rc.1", "kubeadm:cluster-admins")]
    [InlineData("v1.33.1", "kubeadm:cluster-admins")]
    public void Admin_ByKubernetesVersion_Kubeadm129MovedOffSystemMasters(string version, string group)
    {
        Assert.Equal([group], KubeadmCertificateProfiles.Admin(version).Organizations);
        Assert.Equal([group], KubeadmCertificateProfiles.ApiServerKubeletClient(version).Organizations);
        Assert.Equal("kubernetes-admin", KubeadmCertificateProfiles.Admin(version).CommonName);
    }

    [Theory]
    [InlineData("v1.28.3", true)]
    [InlineData("v1.29.3", false)]
    public void EtcdClients_ByKubernetesVersion_SystemMastersOnlyBefore129(string version, bool masters)
    {
        string[] expected = masters ? ["system:masters"] : [];

        Assert.Equal(expected, KubeadmCertificateProfiles.ApiServerEtcdClient(version).Organizations);
        Assert.Equal(expected, KubeadmCertificateProfiles.EtcdHealthcheckClient(version).Organizations);
    }

    [Fact]
    public void SuperAdmin_Always_SystemMasters()
    {
        var profile = KubeadmCertificateProfiles.SuperAdmin();

        Assert.Equal("kubernetes-super-admin", profile.CommonName);
        Assert.Equal(["system:masters"], profile.Organizations);
        Assert.Equal(CertificateUsages.ClientAuth, profile.Usages);
    }

    [Theory]
    [InlineData("10.96.0.0/12", "10.96.0.1")]
    [InlineData("172.20.0.0/16,fd00:10:96::/108", "172.20.0.1")]
    [InlineData("fd00:10:96::/108", "fd00:10:96::1")]
    [InlineData("10.255.255.0/24", "10.255.255.1")]
    [InlineData("10.96.0.7/12", "10.96.0.1")]
    public void ApiServer_ServiceCidr_FirstAddressIsASan(string cidr, string expected)
    {
        var profile = KubeadmCertificateProfiles.ApiServer(new ApiServerCertificateNames
        {
            NodeName = "n1",
            NodeAddresses = [IPAddress.Parse("10.0.0.5")],
            ServiceCidr = cidr,
        });

        Assert.Equal(IPAddress.Parse(expected), profile.IpAddresses[0]);
    }

    [Fact]
    public void ApiServer_EndpointAsDnsNameAndDuplicates_NamedOnceEach()
    {
        var profile = KubeadmCertificateProfiles.ApiServer(new ApiServerCertificateNames
        {
            NodeName = "alpha-cp-1",
            NodeAddresses = [IPAddress.Parse("10.0.0.5"), IPAddress.Parse("10.0.0.5")],
            DnsDomain = "alpha.local",
            EndpointHost = "api.alpha.example",
            ExtraSans = ["api.alpha.example", "*.alpha.example", "10.0.0.5"],
        });

        Assert.Equal(["alpha-cp-1", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.alpha.local",
            "api.alpha.example", "*.alpha.example"], profile.DnsNames);
        Assert.Equal([IPAddress.Parse("10.96.0.1"), IPAddress.Parse("10.0.0.5")], profile.IpAddresses);
    }

    [Fact]
    public void ApiServer_EverythingWrong_EveryFieldNamedAtOnce()
    {
        var e = Assert.Throws<PkiException>(() => KubeadmCertificateProfiles.ApiServer(new ApiServerCertificateNames
        {
            NodeName = "Bad_Node",
            NodeAddresses = [],
            ServiceCidr = "10.96.0.0/33",
            DnsDomain = "-x",
            EndpointHost = "10.0.0.100:6443",
            ExtraSans = ["ok.example", "10.1", "a b", "*"],
        }));

        Assert.Equal(PkiErrorCode.InvalidRequest, e.Code);
        Assert.StartsWith("The apiserver certificate cannot be made: ", e.Message, StringComparison.Ordinal);
        foreach (var field in new[] { "nodeName:", "nodeAddresses:", "serviceCidr:", "dnsDomain:", "endpointHost:", "extraSans[1]:", "extraSans[2]:", "extraSans[3]:" })
        {
            Assert.Contains(field, e.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("extraSans[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EtcdPeer_NoAddresses_Refused()
    {
        var e = Assert.Throws<PkiException>(() => KubeadmCertificateProfiles.EtcdPeer(new EtcdCertificateNames { NodeName = "n1", NodeAddresses = [] }));

        Assert.Contains("The etcd-peer certificate cannot be made: nodeAddresses:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("")]
    [InlineData("v1")]
    public void Admin_NotAVersion_InvalidRequestNamingIt(string version)
    {
        var e = Assert.Throws<PkiException>(() => KubeadmCertificateProfiles.Admin(version));

        Assert.Equal(PkiErrorCode.InvalidRequest, e.Code);
        Assert.Contains("kubernetesVersion:", e.Message, StringComparison.Ordinal);
    }
}
