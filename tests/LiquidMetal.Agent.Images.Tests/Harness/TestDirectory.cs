namespace LiquidMetal.Agent.Images.Tests.Harness;

/// <summary>A temporary directory for one test, deleted (without following symlinks) when disposed.</summary>
public sealed class TestDirectory : IDisposable
{
    public string Path { get; } = System.IO.Directory.CreateTempSubdirectory("lmimg-").FullName;

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // `rm -rf` never follows symlinks; directories made read-only by a test are still removed (tests run as root).
        using var process = System.Diagnostics.Process.Start("rm", ["-rf", "--one-file-system", Path]);
        process.WaitForExit();
    }
}
