namespace LiquidMetal.Controller.Core.Ports;

/// <summary>
/// The desired state the controller applies: its manifest files (kept so a restarted controller carries on even
/// when the source is unreachable, and so an uploaded apply survives a restart), revision and generation.
/// </summary>
/// <param name="Origin">"folder /srv/fleet", "git ... branch main", or "upload" (lm apply -f).</param>
/// <param name="Generation">Increases by one with every newly applied revision.</param>
public sealed record DesiredStateRecord(
    string Revision,
    string Origin,
    long Generation,
    DateTimeOffset AppliedAt,
    IReadOnlyList<ManifestFile> Files);
