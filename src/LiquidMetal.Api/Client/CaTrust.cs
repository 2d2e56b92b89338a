using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Api.Client;

/// <summary>Trusting a server's certificate that chains to a given CA (an agent's or the controller's generated tls/ca.crt).</summary>
public static class CaTrust
{
    /// <summary>Every certificate in a PEM file (a bundle may hold several; empty when it holds none).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The PEM is broken.</exception>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(path);
        return bundle;
    }

    /// <summary>
    /// Accepts a certificate the system trusts, or one that chains to <paramref name="roots"/>; a wrong host name (or
    /// no certificate) is never excused by a custom root, only the chain is checked again.
    /// </summary>
    public static RemoteCertificateValidationCallback ChainsTo(X509Certificate2Collection roots) =>
        (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                return false;
            }

            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        };
}
