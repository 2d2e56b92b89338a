namespace LiquidMetal.Controller.Manifests.Tests;

/// <summary>A directory of manifest files for one test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lm-manifests-").FullName;

    public TempDirectory Write(string relative, string content)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return this;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
