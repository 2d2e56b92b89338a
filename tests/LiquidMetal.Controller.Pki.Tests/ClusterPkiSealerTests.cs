using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Controller.Pki.Tests.TestSupport;

namespace LiquidMetal.Controller.Pki.Tests;

public sealed class ClusterPkiSealerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Unseal_WhatWasSealed_SamePkiAndNoKeyInTheClear()
    {
        using var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "test");
        var sealer = new ClusterPkiSealer(key);

        var stored = sealer.Seal("alpha", TestPki.Rsa, T0);
        var opened = sealer.Unseal(stored);

        Assert.Equal(TestPki.Rsa, opened);
        Assert.Equal(("alpha", T0), (stored.Cluster, stored.CreatedAt));
        Assert.Equal(TestPki.Rsa.ClusterCa.CertificatePem, stored.ClusterCaCertificatePem);
        foreach (var blob in new[] { stored.ClusterCaSealedKey, stored.EtcdCaSealedKey, stored.FrontProxyCaSealedKey, stored.ServiceAccountSealedKey })
        {
            var text = Encoding.Latin1.GetString(blob);
            Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unseal_KeysSwappedBetweenItems_FailsAuthentication()
    {
        using var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "test");
        var sealer = new ClusterPkiSealer(key);
        var stored = sealer.Seal("alpha", TestPki.Rsa, T0);

        var e = Assert.Throws<PkiException>(() => sealer.Unseal(stored with { ClusterCaSealedKey = stored.EtcdCaSealedKey }));

        Assert.Equal(PkiErrorCode.SealedKeyCorrupt, e.Code);
        Assert.Contains("ca.key of cluster alpha", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unseal_CertificateReplaced_KeyMismatchReported()
    {
        using var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "test");
        var sealer = new ClusterPkiSealer(key);
        var stored = sealer.Seal("alpha", TestPki.Rsa, T0);

        var e = Assert.Throws<PkiException>(() => sealer.Unseal(stored with { EtcdCaCertificatePem = TestPki.Ecdsa.EtcdCa.CertificatePem }));

        Assert.Equal(PkiErrorCode.InvalidCertificate, e.Code);
        Assert.Contains("etcd CA of cluster alpha", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unseal_WrongKey_ErrorCarriesNoKeyMaterial()
    {
        using var key = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "old");
        using var other = PkiEncryptionKey.FromBytes(RandomNumberGenerator.GetBytes(32), "new");
        var stored = new ClusterPkiSealer(key).Seal("alpha", TestPki.Rsa, T0);

        var e = Assert.Throws<PkiException>(() => new ClusterPkiSealer(other).Unseal(stored));

        Assert.Equal(PkiErrorCode.WrongEncryptionKey, e.Code);
        foreach (var fragment in TestPki.SecretFragments(TestPki.Rsa))
        {
            Assert.DoesNotContain(fragment, e.ToString(), StringComparison.Ordinal);
        }
    }
}
