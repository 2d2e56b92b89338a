namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>How to run one docker-registry process. Several processes may serve one storage directory.</summary>
public sealed record RegistrySettings(string StorageDirectory)
{
    /// <summary>An htpasswd file (bcrypt) to require basic auth.</summary>
    public string? HtpasswdFile { get; init; }

    /// <summary>Token auth: the realm URL, service, issuer and the PEM bundle the token signer's certificate chains to.</summary>
    public (string Realm, string Service, string Issuer, string RootCertBundle)? Token { get; init; }

    /// <summary>Serve HTTPS with this PEM certificate and key.</summary>
    public (string Certificate, string Key)? Tls { get; init; }
}
