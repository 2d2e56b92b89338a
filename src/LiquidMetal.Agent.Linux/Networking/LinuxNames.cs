using System.Text.RegularExpressions;

namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>What the kernel and iproute2 accept as interface and network namespace names, checked before any is passed to <c>ip</c>.</summary>
public static partial class LinuxNames
{
    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,15}$")]
    private static partial Regex InterfaceRegex();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,64}$")]
    private static partial Regex NamespaceRegex();

    [GeneratedRegex("^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$")]
    private static partial Regex MacRegex();

    /// <summary>Null when <paramref name="name"/> is a valid interface name, else what is wrong with it.</summary>
    public static string? CheckInterface(string? name) =>
        string.IsNullOrEmpty(name) ? "is required"
        : name is "." or ".." || !InterfaceRegex().IsMatch(name) ? $"'{name}' is not a Linux interface name (1-15 letters, digits, '.', '_' or '-')"
        : null;

    /// <summary>Null when <paramref name="name"/> is a valid network namespace name (a file under /run/netns).</summary>
    public static string? CheckNamespace(string? name) =>
        string.IsNullOrEmpty(name) ? "is required"
        : name is "." or ".." || !NamespaceRegex().IsMatch(name) ? $"'{name}' is not a network namespace name (1-64 letters, digits, '.', '_' or '-')"
        : null;

    /// <summary>Null when <paramref name="mac"/> is a unicast MAC in colon form.</summary>
    public static string? CheckMac(string? mac)
    {
        if (string.IsNullOrEmpty(mac) || !MacRegex().IsMatch(mac))
        {
            return $"'{mac}' is not a MAC address like 02:00:00:00:00:01";
        }

        return (Convert.ToByte(mac[..2], 16) & 1) != 0 ? $"'{mac}' is a multicast MAC (the first octet's lowest bit is set)" : null;
    }
}
