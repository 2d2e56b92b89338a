namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>A file a cloud-config <c>write_files</c> entry says cloud-init writes: decoded content, mode and owner.</summary>
/// <param name="Append">The content is appended to whatever the file held: it ends the file rather than being all of it.</param>
public sealed record ExpectedFile(string Path, int Mode, string Owner, string Group, byte[] Content, bool Append)
{
    /// <summary>Under /run: a tmpfs, gone once the guest is off.</summary>
    public bool IsTransient => Path.StartsWith("/run/", StringComparison.Ordinal);

    public string ModeText => Convert.ToString(Mode, 8).PadLeft(4, '0');
}
