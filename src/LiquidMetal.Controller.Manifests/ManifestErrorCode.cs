namespace LiquidMetal.Controller.Manifests;

public enum ManifestErrorCode
{
    /// <summary>The manifests are read but wrong (see <see cref="ManifestException.Errors"/>).</summary>
    Invalid,

    DirectoryNotFound,

    /// <summary>A file could not be read (permissions, I/O).</summary>
    Unreadable,
}
