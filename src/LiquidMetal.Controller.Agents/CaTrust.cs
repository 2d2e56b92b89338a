using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents;

/// <summary>Trusts an agent's certificate when it chains to a given CA (the agent's generated tls/ca.crt) and names the dialled host.</summary>
internal static class CaTrust
{
    public static X509Certificate2Collection Load(string caFile)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new HostAgentException(HostAgentErrorCode.InvalidConfiguration,
                $"Cannot load the agent CA file {caFile}: {e.Message}; give the PEM CA that signed the agent's certificate (the agent writes it to <state>/tls/ca.crt)", e);
        }

        return bundle.Count > 0
            ? bundle
            : throw new HostAgentException(HostAgentErrorCode.InvalidConfiguration, $"The agent CA file {caFile} holds no PEM certificate");
    }

    public static RemoteCertificateValidationCallback ChainsTo(X509Certificate2Collection roots) =>
        (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            // A wrong host name is never excused by a custom root; only the chain is re-checked.
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
