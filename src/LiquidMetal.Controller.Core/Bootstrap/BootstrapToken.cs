using System.Globalization;
using System.Text;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// A kubeadm bootstrap token (<c>[a-z0-9]{6}.[a-z0-9]{16}</c>) and its time to live. The first control-plane node creates
/// it in the cluster (InitConfiguration.bootstrapTokens); joining nodes use it to discover and authenticate.
/// </summary>
public sealed record BootstrapToken
{
    public static TimeSpan DefaultTtl { get; } = TimeSpan.FromHours(24);

    public BootstrapToken(string id, string secret, TimeSpan? ttl = null)
    {
        if (!IsTokenPart(id, 6) || !IsTokenPart(secret, 16))
        {
            throw new ArgumentException("a bootstrap token is a 6-character id and a 16-character secret of lowercase letters and digits", nameof(id));
        }

        var lifetime = ttl ?? DefaultTtl;
        if (lifetime <= TimeSpan.Zero || lifetime.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), lifetime, "a bootstrap token's ttl must be a positive whole number of seconds");
        }

        Id = id;
        Secret = secret;
        Ttl = lifetime;
    }

    public string Id { get; }
    public string Secret { get; }
    public TimeSpan Ttl { get; }

    /// <summary>The token as kubeadm takes it: <c>id.secret</c>.</summary>
    public string Value => $"{Id}.{Secret}";

    /// <summary>The ttl as a Go duration (<c>24h0m0s</c>), as kubeadm writes it.</summary>
    public string TtlText
    {
        get
        {
            var text = new StringBuilder();
            var hours = (long)Ttl.TotalHours;
            if (hours > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{hours}h");
            }

            if (hours > 0 || Ttl.Minutes > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Ttl.Minutes}m");
            }

            return text.Append(CultureInfo.InvariantCulture, $"{Ttl.Seconds}s").ToString();
        }
    }

    /// <summary>Parses <c>id.secret</c>.</summary>
    public static BootstrapToken Parse(string value, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot < 0
            ? throw new ArgumentException("a bootstrap token looks like abcdef.0123456789abcdef", nameof(value))
            : new BootstrapToken(value[..dot], value[(dot + 1)..], ttl);
    }

    /// <summary>Never the secret: tokens are credentials.</summary>
    public override string ToString() => $"{Id}.****";

    private static bool IsTokenPart(string? value, int length) =>
        value is not null && value.Length == length && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));
}
