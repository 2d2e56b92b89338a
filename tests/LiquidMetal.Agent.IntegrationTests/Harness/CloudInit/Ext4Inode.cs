namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>An inode as debugfs reports it: type ("regular", "directory", "symlink", ...), permission bits, owner ids, size.</summary>
public sealed record Ext4Inode(string Type, int Mode, int Uid, int Gid, long Size)
{
    public string ModeText => Convert.ToString(Mode & 0xFFF, 8).PadLeft(4, '0');
}
