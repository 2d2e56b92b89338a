namespace LiquidMetal.Controller.Pki.Tests;

public sealed class ClusterPkiOptionsTests
{
    [Fact]
    public void Validate_Defaults_OnlyTheKeyFileMissing()
    {
        var options = new ClusterPkiOptions();

        var errors = options.Validate();

        Assert.StartsWith("Pki:EncryptionKeyFile: is required", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Equal((KeyAlgorithm.Rsa2048, TimeSpan.FromDays(3650), TimeSpan.FromHours(24)), (options.KeyAlgorithm, options.CaLifetime, options.AdminCertificateLifetime));
    }

    [Fact]
    public void Validate_EverythingWrong_EverySettingNamed()
    {
        var errors = new ClusterPkiOptions
        {
            EncryptionKeyFile = " ",
            KeyAlgorithm = (KeyAlgorithm)42,
            CaLifetime = TimeSpan.FromHours(1),
            AdminCertificateLifetime = TimeSpan.Zero,
        }.Validate();

        Assert.Equal(["Pki:EncryptionKeyFile", "Pki:KeyAlgorithm", "Pki:CaLifetime", "Pki:AdminCertificateLifetime"], errors.Select(e => e[..e.IndexOf(": ", StringComparison.Ordinal)]));
    }

    [Fact]
    public void Validate_Sensible_NoErrors()
    {
        Assert.Empty(new ClusterPkiOptions { EncryptionKeyFile = "/etc/liquidmetal/pki.key", KeyAlgorithm = KeyAlgorithm.EcdsaP256 }.Validate());
    }
}
