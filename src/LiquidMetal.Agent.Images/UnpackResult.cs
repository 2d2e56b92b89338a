namespace LiquidMetal.Agent.Images;

/// <summary>What an unpack produced.</summary>
/// <param name="Entries">Tar entries read over all layers (whiteouts included).</param>
/// <param name="FileBytes">Bytes of regular file data written.</param>
/// <param name="SkippedSpecialFiles">Device nodes and fifos not created.</param>
public sealed record UnpackResult(string RootDirectory, long Entries, long FileBytes, int SkippedSpecialFiles);
