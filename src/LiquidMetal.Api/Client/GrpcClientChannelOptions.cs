using System.Security.Cryptography.X509Certificates;

namespace LiquidMetal.Api.Client;

/// <summary>How <see cref="GrpcClientChannel"/> connects: timeouts, trust, identity and the token.</summary>
public sealed class GrpcClientChannelOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 pings while calls are active, so a dead server ends a long stream.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CA certificates trusted besides the system's (TLS addresses only); null: the system's only.</summary>
    public X509Certificate2Collection? TrustedRoots { get; init; }

    /// <summary>A client certificate for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The raw token, sent on every call as <c>authorization: Basic base64(token)</c>; null: none.</summary>
    public string? Token { get; init; }

    /// <summary>True: a cancelled call throws OperationCanceledException; false: RpcException(Cancelled), told apart from DeadlineExceeded.</summary>
    public bool ThrowOperationCanceledOnCancellation { get; init; }
}
