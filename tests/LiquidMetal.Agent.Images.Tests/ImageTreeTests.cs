namespace LiquidMetal.Agent.Images.Tests;

/// <summary>The pure merge rules, without I/O.</summary>
public sealed class ImageTreeTests
{
    private const string Digest = "sha256:test";
    private readonly ImageTree _tree = new();

    [Fact]
    public void Apply_FileUnderSymlinkToAbsoluteDirectory_ResolvesInsideRoot()
    {
        _tree.BeginLayer();
        _tree.Apply(new LayerEntry(LayerEntryKind.Directory, ["etc"]), Digest);
        _tree.Apply(new LayerEntry(LayerEntryKind.Symlink, ["x"], SymlinkTarget: "/etc"), Digest);

        var change = _tree.Apply(File("x", "passwd"), Digest);

        Assert.Equal("etc/passwd", change.Path);
    }

    [Fact]
    public void Apply_NestedSymlinkToAbsolutePath_RestartsAtRoot()
    {
        _tree.BeginLayer();
        _tree.Apply(new LayerEntry(LayerEntryKind.Symlink, ["usr", "lib", "link"], SymlinkTarget: "/var/data"), Digest);

        var change = _tree.Apply(File("usr", "lib", "link", "f"), Digest);

        Assert.Equal("var/data/f", change.Path);
    }

    [Fact]
    public void Apply_SymlinkClimbingAboveRoot_StopsAtRoot()
    {
        _tree.BeginLayer();
        _tree.Apply(new LayerEntry(LayerEntryKind.Symlink, ["up"], SymlinkTarget: "../../../../../.."), Digest);

        var change = _tree.Apply(File("up", "file"), Digest);

        Assert.Equal("file", change.Path);
    }

    [Fact]
    public void Apply_FileOverExistingSymlink_ReplacesTheLinkItself()
    {
        _tree.BeginLayer();
        _tree.Apply(new LayerEntry(LayerEntryKind.Symlink, ["config"], SymlinkTarget: "/etc/shadow"), Digest);
        _tree.BeginLayer();

        var change = _tree.Apply(File("config"), Digest);

        Assert.Equal("config", change.Path);
        Assert.Equal(["config"], change.Removed);
    }

    [Fact]
    public void Apply_SymlinkLoop_MalformedLayer()
    {
        _tree.BeginLayer();
        _tree.Apply(new LayerEntry(LayerEntryKind.Symlink, ["a"], SymlinkTarget: "b"), Digest);
        _tree.Apply(new LayerEntry(LayerEntryKind.Symlink, ["b"], SymlinkTarget: "a"), Digest);

        var error = Assert.Throws<ImagesException>(() => _tree.Apply(File("a", "f"), Digest));

        Assert.Equal(ImagesErrorCode.MalformedLayer, error.Code);
    }

    [Fact]
    public void Apply_FileBelowAFile_MalformedLayer()
    {
        _tree.BeginLayer();
        _tree.Apply(File("a"), Digest);

        var error = Assert.Throws<ImagesException>(() => _tree.Apply(File("a", "b"), Digest));

        Assert.Contains("'a' is a file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WhiteoutOfMissingName_RemovesNothing()
    {
        _tree.BeginLayer();
        _tree.Apply(File("a"), Digest);
        _tree.BeginLayer();

        var change = _tree.Apply(new LayerEntry(LayerEntryKind.Whiteout, ["dir", ".wh.nothing"]), Digest);

        Assert.Null(change.Path);
        Assert.Empty(change.Removed);
    }

    [Fact]
    public void Apply_WhiteoutNamingDotDot_PathEscapesRoot()
    {
        _tree.BeginLayer();

        var error = Assert.Throws<ImagesException>(() => _tree.Apply(new LayerEntry(LayerEntryKind.Whiteout, ["dir", ".wh.."]), Digest));

        Assert.Equal(ImagesErrorCode.PathEscapesRoot, error.Code);
    }

    [Fact]
    public void Find_AfterOpaqueInLaterLayer_LowerChildrenGoneSameLayerKept()
    {
        _tree.BeginLayer();
        _tree.Apply(File("d", "lower"), Digest);
        _tree.BeginLayer();
        _tree.Apply(File("d", "upper"), Digest);
        var change = _tree.Apply(new LayerEntry(LayerEntryKind.Opaque, ["d", ".wh..wh..opq"]), Digest);

        Assert.Equal(["d/lower"], change.Removed);
        Assert.Null(_tree.Find("d/lower", "test").Node);
        Assert.IsType<FileNode>(_tree.Find("d/upper", "test").Node);
    }

    private static LayerEntry File(params string[] segments) => new(LayerEntryKind.File, segments);
}
