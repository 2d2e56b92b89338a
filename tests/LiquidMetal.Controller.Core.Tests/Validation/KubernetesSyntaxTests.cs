using System.Net;
using LiquidMetal.Controller.Core.Validation;

namespace LiquidMetal.Controller.Core.Tests.Validation;

public class KubernetesSyntaxTests
{
    [Theory]
    [InlineData("tier", true)]
    [InlineData("example.com/tier", true)]
    [InlineData("a.b-c.example/x_y.z-1", true)]
    [InlineData("Tier", true)]
    [InlineData("", false)]
    [InlineData("-tier", false)]
    [InlineData("tier-", false)]
    [InlineData("Example.com/tier", false)]
    [InlineData("example.com/", false)]
    [InlineData("/tier", false)]
    [InlineData("a/b/c", false)]
    [InlineData("example.com/{{ x }}", false)]
    [InlineData("tier name", false)]
    public void QualifiedName_Keys_AcceptedOrNot(string key, bool valid) =>
        Assert.Equal(valid, KubernetesSyntax.QualifiedName(key) is null);

    [Fact]
    public void QualifiedName_NamePartOf64_Refused()
    {
        Assert.Null(KubernetesSyntax.QualifiedName(new string('a', 63)));
        Assert.NotNull(KubernetesSyntax.QualifiedName(new string('a', 64)));
        Assert.Null(KubernetesSyntax.QualifiedName($"{new string('p', 63)}.{new string('q', 63)}/name"));
        Assert.NotNull(KubernetesSyntax.QualifiedName($"{new string('p', 64)}/name"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("edge-1", true)]
    [InlineData("a.b_c", true)]
    [InlineData("-a", false)]
    [InlineData("a b", false)]
    [InlineData("a,b=c", false)]
    public void LabelValue_Values_AcceptedOrNot(string value, bool valid) =>
        Assert.Equal(valid, KubernetesSyntax.LabelValue(value) is null);

    [Theory]
    [InlineData("example.com/role", true)]
    [InlineData("tier", true)]
    [InlineData("topology.kubernetes.io/zone", true)]
    [InlineData("kubernetes.io/hostname", true)]
    [InlineData("node.kubernetes.io/exclude-from-external-load-balancers", true)]
    [InlineData("foo.kubelet.kubernetes.io/x", true)]
    [InlineData("node-role.kubernetes.io/worker", false)]
    [InlineData("kubernetes.io/role", false)]
    [InlineData("x.k8s.io/y", false)]
    [InlineData("notkubernetes.io/y", true)]
    public void KubeletLabel_Namespaces_AllowedOrNot(string key, bool allowed) =>
        Assert.Equal(allowed, KubernetesSyntax.KubeletLabel(key) is null);

    [Theory]
    [InlineData("10.96.0.0/12", null)]
    [InlineData("fd00:10:96::/112", null)]
    [InlineData("10.96.0.1/12", "has host bits set; the network is 10.96.0.0/12")]
    [InlineData("10.96.0.0", "must be a network with a prefix length, e.g. 10.0.0.0/24")]
    [InlineData("10.96.0.0/33", "prefix length must be between 1 and 32")]
    [InlineData("banana/8", "is not a valid IP address with a prefix length")]
    public void NetworkCidr_Values_ExactProblem(string value, string? problem) =>
        Assert.Equal(problem, KubernetesSyntax.NetworkCidr(value, out _));

    [Theory]
    [InlineData("10.0.0.0", "10.0.0.0/24", true)]
    [InlineData("10.0.0.255", "10.0.0.0/24", true)]
    [InlineData("10.0.0.254", "10.0.0.0/24", false)]
    [InlineData("10.0.0.1", "10.0.0.0/31", false)]
    [InlineData("fd00::", "fd00::/64", true)]
    [InlineData("fd00::ffff:ffff:ffff:ffff", "fd00::/64", false)]
    public void IsNetworkOrBroadcast_Addresses_Detected(string address, string network, bool expected) =>
        Assert.Equal(expected, KubernetesSyntax.IsNetworkOrBroadcast(IPAddress.Parse(address), IPNetwork.Parse(network)));

    [Theory]
    [InlineData("cluster.local", true)]
    [InlineData("b.cluster.internal", true)]
    [InlineData("Cluster.local", false)]
    [InlineData("cluster..local", false)]
    [InlineData("-cluster.local", false)]
    [InlineData("", false)]
    public void DnsSubdomain_Values_AcceptedOrNot(string value, bool valid) =>
        Assert.Equal(valid, KubernetesSyntax.DnsSubdomain(value) is null);

    [Theory]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli ops@site", null)]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli", null)]
    [InlineData("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli x",
        "must be an OpenSSH public key: 'type base64 [comment]' on one line (e.g. ssh-ed25519 AAAAC3Nza... me@example), without options; the key data is not a ssh-rsa key")]
    [InlineData("ssh-ed25519 not-base64!", "must be an OpenSSH public key: 'type base64 [comment]' on one line (e.g. ssh-ed25519 AAAAC3Nza... me@example), without options; the key is not valid base64")]
    [InlineData("command=\"rm -rf /\" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli",
        "must be an OpenSSH public key: 'type base64 [comment]' on one line (e.g. ssh-ed25519 AAAAC3Nza... me@example), without options; known types: ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPC3lczVuuXqL0CA2ZzvTSZsYiS7hVGtEM+Ly5aMWuli a\nssh-rsa AAAA b",
        "must be an OpenSSH public key: 'type base64 [comment]' on one line (e.g. ssh-ed25519 AAAAC3Nza... me@example), without options")]
    public void SshAuthorizedKey_Lines_ExactProblem(string line, string? problem) =>
        Assert.Equal(problem, KubernetesSyntax.SshAuthorizedKey(line));
}
