using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LiquidMetal.Cli.Errors;

namespace LiquidMetal.Cli.Connection;

/// <summary>Certificates for TLS to an agent or the controller: a CA to trust (<c>--ca-file</c>, <c>--controller-ca</c>) and a client certificate for mTLS.</summary>
internal static class TlsTrust
{
    /// <summary>Loads every certificate in a PEM file (a CA bundle may hold several); <paramref name="option"/> and <paramref name="server"/> name them in errors.</summary>
    public static X509Certificate2Collection LoadCaBundle(string path, string option = "--ca-file", string server = "agent")
    {
        var hint = $"give a PEM file with the CA certificate that signed the {server}'s certificate";
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new CliException($"cannot load {option} {path}: {e.Message}", hint, innerException: e);
        }

        return bundle.Count > 0
            ? bundle
            : throw new CliException($"{option} {path} holds no PEM certificate", hint);
    }

    /// <summary>Loads the client certificate and its key (the key may sit in the certificate's file).</summary>
    public static X509Certificate2 LoadClientCertificate(string certFile, string? keyFile)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // A PEM-loaded key is ephemeral; a PKCS#12 round trip gives SslStream a key it can always use.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new CliException($"cannot load the client certificate --cert-file {certFile}{(keyFile is null ? "" : $" --key-file {keyFile}")}: {e.Message}",
                "give PEM files: the certificate, and its private key (in --key-file or in the same file)", innerException: e);
        }
    }

    /// <summary>
    /// Accepts the server's certificate when it chains to one of <paramref name="roots"/> (or to a
    /// system root) and names the host that was dialled.
    /// </summary>
    public static RemoteCertificateValidationCallback TrustRoots(X509Certificate2Collection roots) =>
        (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
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

            var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return custom.Build(leaf);
        };
}
