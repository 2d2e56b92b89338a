namespace LiquidMetal.Api.Client;

/// <summary>Why a server address was refused; each client words it for its own setting (a flag, a manifest field).</summary>
public enum ServerAddressProblem
{
    /// <summary>Empty, blank, or holding control characters.</summary>
    Empty,

    /// <summary>Not a URI with a host.</summary>
    NotAnAddress,

    /// <summary>A scheme other than https://, http:// (and unix: where allowed); the scheme is the detail.</summary>
    UnsupportedScheme,

    /// <summary>A path, query, fragment or user name besides host and port.</summary>
    NotHostAndPort,

    /// <summary>http:// without insecure.</summary>
    PlaintextNeedsInsecure,

    /// <summary>https:// with insecure; the address's host:port is the detail.</summary>
    TlsButInsecure,

    /// <summary>unix: without a path.</summary>
    NoSocketPath,
}
