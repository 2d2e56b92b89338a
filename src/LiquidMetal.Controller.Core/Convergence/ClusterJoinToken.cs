using System.Security.Cryptography;
using System.Text;
using LiquidMetal.Controller.Core.Bootstrap;

namespace LiquidMetal.Controller.Core.Convergence;

/// <summary>
/// A cluster's join token, derived from its CA private key: HMAC-SHA512 keyed by SHA-256 of the key's PEM over the
/// cluster name, mapped onto kubeadm's <c>[a-z0-9]{6}.[a-z0-9]{16}</c>. Only the controller and the control-plane
/// nodes hold the CA key, so only they can derive it; every node of the cluster gets the same token, which the init
/// node registers in the cluster (InitConfiguration.bootstrapTokens, with <paramref name="ttl"/>), and a create retried
/// after a crash renders the same bytes. The controller needs no storage for it; its expiry is counted from the PKI's
/// creation (which is never later than the init node's), see docs/bootstrap.md. A join created when that token is (about
/// to be) expired gets <see cref="DeriveFresh"/>'s token of its issue window (<see cref="JoinTokenWindows"/>), which the
/// controller registers in the cluster first; again nothing is stored, a retry derives the same token.
/// </summary>
public static class ClusterJoinToken
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>The init token: the init node registers it with <paramref name="ttl"/>.</summary>
    public static BootstrapToken Derive(string caPrivateKeyPem, string cluster, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        return FromMac(caPrivateKeyPem, "liquidmetal/cluster-join-token/v1\n" + cluster, ttl);
    }

    /// <summary>
    /// The fresh token of issue window <paramref name="window"/> (HMAC over the cluster and the window index, under another
    /// label than the init token's, so no window's token equals the init token or another window's but by chance).
    /// </summary>
    /// <param name="ttl">What is left of it when it is used (the renderer needs a positive ttl; joins do not write it).</param>
    public static BootstrapToken DeriveFresh(string caPrivateKeyPem, string cluster, long window, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        return FromMac(caPrivateKeyPem, "liquidmetal/cluster-join-token/window/v1\n" + cluster + "\n" +
            window.ToString(System.Globalization.CultureInfo.InvariantCulture), ttl);
    }

    private static BootstrapToken FromMac(string caPrivateKeyPem, string message, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(caPrivateKeyPem);
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(caPrivateKeyPem));
        var mac = HMACSHA512.HashData(key, Encoding.UTF8.GetBytes(message));
        CryptographicOperations.ZeroMemory(key);
        var chars = new char[22];
        for (var i = 0; i < chars.Length; i++)
        {
            // Two bytes per character: the bias of 65536 mod 36 is 16 in 65536.
            chars[i] = Alphabet[((mac[2 * i] << 8) | mac[(2 * i) + 1]) % Alphabet.Length];
        }

        CryptographicOperations.ZeroMemory(mac);
        return new BootstrapToken(new string(chars, 0, 6), new string(chars, 6, 16), TimeSpan.FromSeconds(Math.Ceiling(ttl.TotalSeconds)));
    }
}
