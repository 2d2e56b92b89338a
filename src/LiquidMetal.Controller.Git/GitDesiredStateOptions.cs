namespace LiquidMetal.Controller.Git;

/// <summary>A Git repository of manifests (section "DesiredState:Git").</summary>
public sealed class GitDesiredStateOptions
{
    /// <summary>A local path, or a URL (file://, https://, http://, ssh://, git://, or user@host:path).</summary>
    public string Repository { get; set; } = "";

    /// <summary>The branch to follow (default "main").</summary>
    public string Branch { get; set; } = "main";

    /// <summary>The folder inside the repository holding the manifests ("" = its root).</summary>
    public string Path { get; set; } = "";

    /// <summary>Where the controller keeps its bare mirror of the repository (one per repository URL).</summary>
    public string CacheDirectory { get; set; } = "/var/lib/liquidmetal/controller/git";

    /// <summary>How often the watch fetches (default 30 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest a single git command may run before it is killed (default 2 min).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The git program (default "git" on PATH).</summary>
    public string GitExecutable { get; set; } = "git";

    public ManifestLimits Limits { get; set; } = new();
}
