using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Files;

namespace LiquidMetal.Cli.Tests.Files;

public sealed class ManifestFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lm-manifests-").FullName;

    [Fact]
    public void Read_Directory_TakesYamlBelowItInOrdinalOrderWithRelativePaths()
    {
        Write("hosts.yaml", "h");
        Write("clusters/b.yml", "b");
        Write("clusters/A.YAML", "a");
        Write("README.md", "not a manifest");
        Write(".git/config.yaml", "hidden");
        Write(".hidden.yaml", "hidden");

        var manifests = ManifestFiles.Read(_root);

        Assert.Equal(["clusters/A.YAML", "clusters/b.yml", "hosts.yaml"], manifests.Files.Select(f => f.Path));
        Assert.Equal(["a", "b", "h"], manifests.Files.Select(f => f.Content));
    }

    [Fact]
    public void Read_SymlinkedDirectory_IsNotFollowed()
    {
        Write("hosts.yaml", "h");
        Directory.CreateSymbolicLink(Path.Combine(_root, "loop"), _root);

        Assert.Equal(["hosts.yaml"], ManifestFiles.Read(_root).Files.Select(f => f.Path));
    }

    [Fact]
    public void Read_OneFile_SendsItsName()
    {
        Write("all.yaml", "x");

        Assert.Equal("all.yaml", Assert.Single(ManifestFiles.Read(Path.Combine(_root, "all.yaml")).Files).Path);
    }

    [Fact]
    public void Read_EmptyOrMissing_SaysWhatToGive()
    {
        var empty = Assert.Throws<CliException>(() => ManifestFiles.Read(_root));
        var missing = Assert.Throws<CliException>(() => ManifestFiles.Read(Path.Combine(_root, "nope")));

        Assert.Equal($"-f {_root}: no *.yaml or *.yml files in this directory", empty.Message);
        Assert.Equal($"-f {_root}/nope: no such file or directory", missing.Message);
        Assert.Contains("examples/fleet", missing.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooLarge_IsRefusedBeforeSending()
    {
        Write("big.yaml", new string('#', (int)ManifestFiles.MaxTotalBytes + 1));

        var error = Assert.Throws<CliException>(() => ManifestFiles.Read(_root));

        Assert.StartsWith("the manifests under -f are larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_ControllerError_NamesTheFileAsGiven()
    {
        Write("clusters/a.yaml", "a");
        var manifests = ManifestFiles.Read(_root);

        Assert.Equal($"{_root}/clusters/a.yaml: document 1 (Cluster a): spec.controlPlane.replicas: must be 1, 3 or 5",
            manifests.Locate("clusters/a.yaml: document 1 (Cluster a): spec.controlPlane.replicas: must be 1, 3 or 5"));
        Assert.Equal("other: x", manifests.Locate("other: x"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
