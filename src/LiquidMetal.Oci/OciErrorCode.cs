namespace LiquidMetal.Oci;

/// <summary>What went wrong with an OCI operation; <see cref="OciException.IsTransient"/> says whether a retry may help.</summary>
public enum OciErrorCode
{
    /// <summary>The image reference or digest does not parse.</summary>
    InvalidReference,

    /// <summary>The registry has no such repository, tag, manifest or blob.</summary>
    NotFound,

    /// <summary>The registry wants credentials and none were configured, or the configured ones were rejected.</summary>
    Unauthorized,

    /// <summary>The registry knows who we are and refuses access (403).</summary>
    Denied,

    /// <summary>Content did not hash to its digest, or its size differs from its descriptor.</summary>
    DigestMismatch,

    /// <summary>An image index has no manifest for this host's platform.</summary>
    PlatformNotFound,

    /// <summary>A manifest or blob is larger than allowed.</summary>
    TooLarge,

    /// <summary>5xx, connection refused or reset, a hung connection: retry later.</summary>
    Transient,

    /// <summary>The registry answered something that breaks the distribution spec (bad JSON, unknown media type, missing headers).</summary>
    InvalidResponse,

    /// <summary>The TLS handshake failed: the registry's certificate is not trusted (configure its CA) or it does not speak TLS.</summary>
    TlsFailure,

    /// <summary>Registry configuration or credentials file is unusable (bad CA file, unparsable config.json).</summary>
    InvalidConfiguration,

    /// <summary>The local blob store failed (disk full, permissions).</summary>
    StorageFailure,
}
