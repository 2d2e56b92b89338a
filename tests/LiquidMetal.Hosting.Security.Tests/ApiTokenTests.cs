using LiquidMetal.Hosting.Security;

namespace LiquidMetal.Hosting.Security.Tests;

public sealed class ApiTokenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lm-token-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Resolve_FirstStart_GeneratesAPrivateTokenFileAndReusesIt()
    {
        var first = ApiToken.Resolve(false, null, null, _dir, "Agent");
        var second = ApiToken.Resolve(false, null, null, _dir, "Agent");

        var file = Path.Combine(_dir, "token");
        Assert.Matches("^[0-9a-f]{48}$", first.Value);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(first.Value + "\n", File.ReadAllText(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public void Resolve_LiteralOrDisabled_WritesNothing()
    {
        Assert.Equal("s3cret", ApiToken.Resolve(false, "s3cret", null, _dir, "Agent").Value);
        Assert.Null(ApiToken.Resolve(true, "ignored", null, _dir, "Agent").Value);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Resolve_ConfiguredFileMissingOrEmpty_SaysWhichSettingAndWhatToDo()
    {
        var missing = Path.Combine(_dir, "nope");
        var empty = Path.Combine(_dir, "empty");
        File.WriteAllText(empty, " \n");

        var notThere = Assert.Throws<InvalidOperationException>(() => ApiToken.Resolve(false, null, missing, _dir, "Controller"));
        var blank = Assert.Throws<InvalidOperationException>(() => ApiToken.Resolve(false, null, empty, _dir, "Controller"));

        Assert.Contains("Controller:TokenFile " + missing + " does not exist", notThere.Message, StringComparison.Ordinal);
        Assert.Contains(empty + " is empty", blank.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void ToString_NeverShowsTheSecret()
    {
        var token = new ApiToken("do-not-log-me");

        Assert.DoesNotContain("do-not-log-me", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-log-me", $"{new { token }}", StringComparison.Ordinal);
    }
}
