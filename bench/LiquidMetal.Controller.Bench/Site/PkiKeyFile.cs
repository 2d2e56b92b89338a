using System.Security.Cryptography;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// The controller's PKI encryption key (<c>--pki-key-file</c>, <c>Pki:EncryptionKeyFile</c>): without one the
/// controller refuses a desired state whose clusters it could not bootstrap, which is every one of the site's.
/// </summary>
internal static class PkiKeyFile
{
    /// <summary>Writes 32 random bytes, base64, owner-only, as <c>openssl rand -base64 32</c> would; returns the path.</summary>
    public static string Write(string path)
    {
        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
