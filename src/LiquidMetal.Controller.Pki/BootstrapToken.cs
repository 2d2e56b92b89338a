using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace LiquidMetal.Controller.Pki;

/// <summary>
/// A kubeadm bootstrap token, <c>[a-z0-9]{6}.[a-z0-9]{16}</c> (id.secret), with its expiry: workers join with one
/// and the CA hash. The secret is a credential: <see cref="ToString"/> shows only the id.
/// </summary>
public readonly partial record struct BootstrapToken
{
    /// <summary>kubeadm's default token TTL: 24 hours.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(24);

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    private BootstrapToken(string id, string secret, DateTimeOffset expires)
    {
        Id = id;
        Secret = secret;
        Expires = expires;
    }

    /// <summary>The public part (6 characters), also the name of its Secret: <c>bootstrap-token-&lt;id&gt;</c>.</summary>
    public string Id { get; }

    /// <summary>The private part (16 characters).</summary>
    public string Secret { get; }

    public DateTimeOffset Expires { get; }

    /// <summary>The token as kubeadm takes it: <c>id.secret</c>.</summary>
    public string Value => Id + "." + Secret;

    [GeneratedRegex("^[a-z0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    [GeneratedRegex("^[a-z0-9]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretRegex();

    /// <summary>A new token from a cryptographically secure generator (uniform over the 36 characters), valid for <paramref name="ttl"/>.</summary>
    public static BootstrapToken Generate(TimeProvider timeProvider, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var validity = ttl ?? DefaultTtl;
        if (validity <= TimeSpan.Zero)
        {
            throw new PkiException(PkiErrorCode.InvalidRequest, $"ttl: must be positive (got {validity})");
        }

        return new BootstrapToken(RandomNumberGenerator.GetString(Alphabet, 6), RandomNumberGenerator.GetString(Alphabet, 16),
            timeProvider.GetUtcNow() + validity);
    }

    /// <summary>Reads <c>id.secret</c>; the error says what is wrong without repeating the token.</summary>
    public static BootstrapToken Parse(string token, DateTimeOffset expires)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot < 0 || !IdRegex().IsMatch(token[..dot]) || !SecretRegex().IsMatch(token[(dot + 1)..]))
        {
            throw new PkiException(PkiErrorCode.InvalidRequest,
                "token: must be 6 then 16 lowercase letters or digits separated by a dot ([a-z0-9]{6}.[a-z0-9]{16})");
        }

        return new BootstrapToken(token[..dot], token[(dot + 1)..], expires);
    }

    public bool IsExpired(DateTimeOffset now) => now >= Expires;

    /// <summary>Time left at <paramref name="now"/> (zero once expired), e.g. for kubeadm's <c>ttl</c>.</summary>
    public TimeSpan RemainingAt(DateTimeOffset now) => IsExpired(now) ? TimeSpan.Zero : Expires - now;

    public override string ToString() => $"{Id}.<redacted> (expires {Expires:u})";
}
