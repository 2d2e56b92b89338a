namespace LiquidMetal.Controller.Pki;

/// <summary>A leaf certificate's extended key usages.</summary>
[Flags]
public enum CertificateUsages
{
    None = 0,

    /// <summary>TLS server (<c>serverAuth</c>).</summary>
    ServerAuth = 1,

    /// <summary>TLS client (<c>clientAuth</c>).</summary>
    ClientAuth = 2,
}
