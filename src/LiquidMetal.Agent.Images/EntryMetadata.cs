namespace LiquidMetal.Agent.Images;

/// <summary>Mode, owner and modification time of an entry as the tar says.</summary>
internal sealed record EntryMetadata(UnixFileMode Mode, int Uid, int Gid, DateTimeOffset Modified);
