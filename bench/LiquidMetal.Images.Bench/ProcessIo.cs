using System.Globalization;

namespace LiquidMetal.Images.Bench;

/// <summary>
/// /proc/self/io: <c>wchar</c> (bytes passed to write calls) and <c>write_bytes</c> (bytes dirtied for the disk).
/// Children that have been waited for (qemu-img) are included: the kernel adds their counts to the parent's.
/// </summary>
internal sealed record ProcessIo(long WriteCalls, long WriteBytes)
{
    public static ProcessIo Read()
    {
        var values = File.ReadAllLines("/proc/self/io")
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Trim(), CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return new ProcessIo(values["wchar"], values["write_bytes"] - values["cancelled_write_bytes"]);
    }

    public static ProcessIo operator -(ProcessIo after, ProcessIo before) =>
        new(after.WriteCalls - before.WriteCalls, after.WriteBytes - before.WriteBytes);

    public static ProcessIo operator +(ProcessIo left, ProcessIo right) =>
        new(left.WriteCalls + right.WriteCalls, left.WriteBytes + right.WriteBytes);
}
