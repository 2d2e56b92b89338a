namespace LiquidMetal.Agent.Images;

/// <summary>An image's layers could not be turned into a root tree, a file or a disk; <see cref="Code"/> says why.</summary>
public sealed class ImagesException : Exception
{
    public ImagesException() : this(ImagesErrorCode.MalformedLayer, "Image processing failed") { }

    public ImagesException(string message) : this(ImagesErrorCode.MalformedLayer, message) { }

    public ImagesException(string message, Exception inner) : this(ImagesErrorCode.MalformedLayer, message, inner) { }

    public ImagesException(ImagesErrorCode code, string message) : base(message) => Code = code;

    public ImagesException(ImagesErrorCode code, string message, Exception inner) : base(message, inner) => Code = code;

    public ImagesErrorCode Code { get; }

    /// <summary>True when the same input will fail the same way again (bad layers, missing file); false for tool or disk trouble.</summary>
    public bool IsPermanent => Code is not (ImagesErrorCode.ToolFailed or ImagesErrorCode.ToolNotInstalled or ImagesErrorCode.CacheUnavailable);
}
