namespace LiquidMetal.Controller.Git;

/// <summary>A folder of manifests (section "DesiredState:Folder").</summary>
public sealed class FolderDesiredStateOptions
{
    /// <summary>The folder; every *.yaml and *.yml below it is a manifest (names starting with '.' are skipped).</summary>
    public string Directory { get; set; } = "";

    /// <summary>How often the watch re-reads the folder (default 10 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public ManifestLimits Limits { get; set; } = new();
}
