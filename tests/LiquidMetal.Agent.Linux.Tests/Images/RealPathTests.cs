using LiquidMetal.Agent.Linux.Images;
using LiquidMetal.Agent.Linux.Tests.TestSupport;

namespace LiquidMetal.Agent.Linux.Tests.Images;

public sealed class RealPathTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Resolve_ChainedAndRelativeSymlinks_MatchesRealpathCommand()
    {
        Directory.CreateDirectory(_dir.Combine("a", "b"));
        File.WriteAllText(_dir.Combine("a", "b", "file"), "x");
        Directory.CreateSymbolicLink(_dir.Combine("up"), "a/b/..");
        File.CreateSymbolicLink(_dir.Combine("a", "link1"), "b/file");
        File.CreateSymbolicLink(_dir.Combine("link2"), _dir.Combine("a", "link1"));
        var path = _dir.Combine("up", "..", "link2");

        var (resolved, exists) = RealPath.Resolve(path);

        Assert.True(exists);
        Assert.Equal(Shell.RunChecked("realpath", "-e", path).Trim(), resolved);
    }

    [Fact]
    public void Resolve_MissingTail_NormalisesTheRestAndReportsMissing()
    {
        Directory.CreateSymbolicLink(_dir.Combine("link"), "/tmp");

        var (resolved, exists) = RealPath.Resolve(_dir.Combine("link", "nope", "..", "nope2"));

        Assert.False(exists);
        Assert.Equal(Shell.RunChecked("realpath", "-m", "/tmp").Trim() + "/nope2", resolved);
    }

    [Fact]
    public void Resolve_SymlinkLoop_ThrowsIOException()
    {
        File.CreateSymbolicLink(_dir.Combine("loop1"), "loop2");
        File.CreateSymbolicLink(_dir.Combine("loop2"), "loop1");

        Assert.Throws<IOException>(() => RealPath.Resolve(_dir.Combine("loop1")));
    }

    [Theory]
    [InlineData("/img/a", "/img", false, true)]
    [InlineData("/img", "/img", false, false)]
    [InlineData("/img", "/img", true, true)]
    [InlineData("/images/a", "/img", false, false)]
    [InlineData("/a", "/", false, true)]
    public void IsInside_Paths_ComparesWholeComponents(string path, string directory, bool orSelf, bool inside) =>
        Assert.Equal(inside, RealPath.IsInside(path, directory, orSelf));
}
