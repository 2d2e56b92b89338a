namespace LiquidMetal.Agent.Linux.Images;

/// <summary>Where file image references point (the agent fills it from its images directory setting).</summary>
public sealed class FileImageOptions
{
    /// <summary>
    /// The only directory file references may resolve into (after following symlinks). Relative references are
    /// relative to it. Default <c>/var/lib/liquidmetal/images</c>.
    /// </summary>
    public string ImagesDirectory { get; set; } = "/var/lib/liquidmetal/images";
}
