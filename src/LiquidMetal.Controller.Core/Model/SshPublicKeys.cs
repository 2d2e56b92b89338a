namespace LiquidMetal.Controller.Core.Model;

/// <summary>SSH public keys authorized for one user on every node of a cluster (as the Cluster API microVM provider's <c>sshPublicKeys</c>).</summary>
public sealed record SshPublicKeys
{
    public const string DefaultUser = "root";

    public string User { get; init; } = DefaultUser;

    /// <summary>OpenSSH public key lines: <c>type base64 [comment]</c>, without options.</summary>
    public required IReadOnlyList<string> AuthorizedKeys { get; init; }
}
