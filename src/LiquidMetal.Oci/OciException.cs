namespace LiquidMetal.Oci;

/// <summary>The one exception type of the OCI client and blob store. Messages name the registry, repository and
/// reference involved and say what to do next.</summary>
public sealed class OciException : Exception
{
    public OciException(OciErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public OciException()
        : this(OciErrorCode.InvalidResponse, "OCI operation failed")
    {
    }

    public OciException(string message)
        : this(OciErrorCode.InvalidResponse, message)
    {
    }

    public OciException(string message, Exception innerException)
        : this(OciErrorCode.InvalidResponse, message, innerException)
    {
    }

    public OciErrorCode Code { get; }

    /// <summary>Whether the same call may succeed later without anything changing on our side.</summary>
    public bool IsTransient => Code == OciErrorCode.Transient;
}
