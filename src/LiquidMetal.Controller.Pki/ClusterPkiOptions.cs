namespace LiquidMetal.Controller.Pki;

/// <summary>How clusters' PKIs are made and kept (configuration section <c>Pki</c>).</summary>
public sealed class ClusterPkiOptions
{
    /// <summary>
    /// The operator's key file sealing the private keys at rest: 32 random bytes, raw or base64, mode 0600
    /// (<c>openssl rand -base64 32</c>). Required; keep a copy, without it no cluster's CA can be read.
    /// </summary>
    public string EncryptionKeyFile { get; set; } = "";

    /// <summary>Key type of new CAs, the service-account key and issued leaves (default RSA 2048, kubeadm's).</summary>
    public KeyAlgorithm KeyAlgorithm { get; set; } = KeyAlgorithm.Rsa2048;

    /// <summary>Lifetime of new CAs (default 10 years, kubeadm's).</summary>
    public TimeSpan CaLifetime { get; set; } = ClusterPkiGenerator.DefaultCaLifetime;

    /// <summary>Lifetime of the client certificate in an admin kubeconfig (default 24 hours).</summary>
    public TimeSpan AdminCertificateLifetime { get; set; } = CertificateIssuer.DefaultAdminLifetime;

    /// <summary>Every problem at once, each naming its setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(EncryptionKeyFile))
        {
            errors.Add("Pki:EncryptionKeyFile: is required (a file holding 32 random bytes, e.g. from: openssl rand -base64 32)");
        }

        if (!Enum.IsDefined(KeyAlgorithm))
        {
            errors.Add($"Pki:KeyAlgorithm: must be Rsa2048, Rsa3072, Rsa4096 or EcdsaP256 (got {KeyAlgorithm})");
        }

        if (CaLifetime < TimeSpan.FromDays(1))
        {
            errors.Add($"Pki:CaLifetime: must be at least 1 day (got {CaLifetime})");
        }

        if (AdminCertificateLifetime <= TimeSpan.Zero || AdminCertificateLifetime > CertificateIssuer.DefaultLifetime)
        {
            errors.Add($"Pki:AdminCertificateLifetime: must be positive and at most 365 days (got {AdminCertificateLifetime})");
        }

        return errors;
    }
}
