using LiquidMetal.Controller.Pki;

namespace LiquidMetal.Controller.Hosting;

/// <summary>
/// The controller's access to cluster PKIs: <see cref="Provider"/> when an encryption key was configured
/// (<c>--pki-key-file</c>, <c>Pki:EncryptionKeyFile</c>) and loaded at start-up, otherwise <see cref="Problem"/> says
/// why there is none. Without a key the controller still serves and observes, but refuses clusters (they cannot be
/// bootstrapped).
/// </summary>
public sealed class ControllerPki
{
    /// <summary>The message every refusal quotes when no key file is configured.</summary>
    public const string NoKeyProblem =
        "the controller has no PKI encryption key: start it with --pki-key-file FILE (configuration Pki:EncryptionKeyFile), " +
        "a file holding 32 random bytes, e.g. (umask 077; openssl rand -base64 32 > FILE)";

    public ControllerPki(ClusterPkiProvider provider, ClusterPkiOptions options)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        Provider = provider;
        Options = options;
    }

    public ControllerPki(string problem, ClusterPkiOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(problem);
        ArgumentNullException.ThrowIfNull(options);
        Problem = problem;
        Options = options;
    }

    /// <summary>Null when no key is configured (see <see cref="Problem"/>).</summary>
    public ClusterPkiProvider? Provider { get; }

    /// <summary>Why there is no <see cref="Provider"/>; null when there is one.</summary>
    public string? Problem { get; }

    public ClusterPkiOptions Options { get; }

    /// <summary>The provider, or a <see cref="PkiException"/> (<see cref="PkiErrorCode.EncryptionKeyUnusable"/>) saying why there is none.</summary>
    public ClusterPkiProvider Require() =>
        Provider ?? throw new PkiException(PkiErrorCode.EncryptionKeyUnusable, Problem!);
}
