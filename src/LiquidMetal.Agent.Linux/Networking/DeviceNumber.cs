using System.Globalization;

namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>A character device's major:minor number.</summary>
internal readonly record struct DeviceNumber(int Major, int Minor)
{
    /// <summary>Parses sysfs' "MAJOR:MINOR" (decimal) form; null when malformed.</summary>
    public static DeviceNumber? ParseSysfs(string? text)
    {
        var parts = (text ?? string.Empty).Trim().Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
                ? new DeviceNumber(major, minor)
                : null;
    }

    /// <summary>Parses <c>stat -c %F:%t:%T</c> output (type, hex major, hex minor); null unless it is a character device.</summary>
    public static DeviceNumber? ParseStat(string? text)
    {
        var parts = (text ?? string.Empty).Trim().Split(':');
        return parts.Length == 3
            && parts[0] == "character special file"
            && int.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var minor)
                ? new DeviceNumber(major, minor)
                : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}:{Minor}");
}
