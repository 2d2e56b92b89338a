namespace LiquidMetal.Agent.Images;

/// <summary>What one tar entry of a layer asks for, after whiteouts are recognised.</summary>
internal enum LayerEntryKind
{
    Directory,
    File,
    Symlink,
    Hardlink,

    /// <summary><c>DIR/.wh.NAME</c>: remove NAME from the layers below.</summary>
    Whiteout,

    /// <summary><c>DIR/.wh..wh..opq</c>: hide everything the layers below have in DIR.</summary>
    Opaque,

    /// <summary>Device nodes and fifos: not materialised (an unprivileged image never needs them), only counted.</summary>
    Special,

    /// <summary>Metadata without a path of its own (global pax headers, other <c>.wh..wh.</c> markers).</summary>
    Ignored,
}
