using System.Globalization;

namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// A bootstrap token as the cluster keeps it: Secret <c>bootstrap-token-&lt;id&gt;</c> in <c>kube-system</c> of type
/// <c>bootstrap.kubernetes.io/token</c>, with the keys kubeadm's <c>token create</c> writes (token-id, token-secret,
/// expiration in RFC 3339, both usages, kubeadm's default node group, a description). The API server's bootstrap
/// authenticator reads it; the token cleaner deletes it after <see cref="Expires"/>.
/// </summary>
public sealed record BootstrapTokenSecret(BootstrapToken Token, DateTimeOffset Expires, string Description)
{
    public const string Namespace = "kube-system";
    public const string SecretType = "bootstrap.kubernetes.io/token";
    public const string NamePrefix = "bootstrap-token-";

    /// <summary>kubeadm's default extra group for node tokens (bound to node bootstrap and CSR auto-approval by kubeadm init).</summary>
    public const string DefaultNodeGroup = "system:bootstrappers:kubeadm:default-node-token";

    public const string TokenIdKey = "token-id";
    public const string TokenSecretKey = "token-secret";
    public const string ExpirationKey = "expiration";

    /// <summary><c>bootstrap-token-&lt;id&gt;</c>.</summary>
    public string Name => NamePrefix + Token.Id;

    /// <summary>The Secret's data (before base64), in key order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Data =>
    [
        new("auth-extra-groups", DefaultNodeGroup),
        new("description", Description),
        new(ExpirationKey, Expires.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        new(TokenIdKey, Token.Id),
        new(TokenSecretKey, Token.Secret),
        new("usage-bootstrap-authentication", "true"),
        new("usage-bootstrap-signing", "true"),
    ];

    /// <summary>Never the secret.</summary>
    public override string ToString() => $"BootstrapTokenSecret {{ Name = {Name}, Expires = {Expires:u} }}";
}
