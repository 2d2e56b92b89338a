using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace LiquidMetal.Core.Validation;

/// <summary>The textual rules shared by validators. Each returns null when fine, else what is wrong.</summary>
public static partial class Syntax
{
    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,62})$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,32}$")]
    private static partial Regex DeviceIdRegex();

    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,63}$")]
    private static partial Regex KernelArgKeyRegex();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,15}$")]
    private static partial Regex LinuxInterfaceRegex();

    [GeneratedRegex("^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$")]
    private static partial Regex MacRegex();

    [GeneratedRegex("^([a-z0-9A-Z]([a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])?/)?[a-z0-9A-Z]([a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])?$")]
    private static partial Regex LabelKeyRegex();

    [GeneratedRegex("^([a-z0-9A-Z]([a-z0-9A-Z._-]{0,61}[a-z0-9A-Z])?)?$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex MetadataKeyRegex();

    /// <summary>VM ids and namespaces: 1-63 characters, letters, digits, '.', '_', '-', starting with a letter or digit.</summary>
    public static string? Name(string? value) =>
        string.IsNullOrEmpty(value) ? "is required"
        : NameRegex().IsMatch(value) ? null
        : "must be 1-63 characters of letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static string? DeviceId(string? value) =>
        string.IsNullOrEmpty(value) ? "is required"
        : DeviceIdRegex().IsMatch(value) ? null
        : "must be 1-32 characters of letters, digits, '_' or '-'";

    public static string? LinuxInterfaceName(string value) =>
        LinuxInterfaceRegex().IsMatch(value) ? null : "must be a Linux interface name: 1-15 characters of letters, digits, '.', '_' or '-'";

    /// <summary>A kernel argument key; values may not break out of their token (no whitespace, quotes or control characters).</summary>
    public static string? KernelArgKey(string key) =>
        KernelArgKeyRegex().IsMatch(key) ? null : "kernel argument names must be letters, digits, '_', '.' or '-' (at most 64), starting with a letter, digit or '_'";

    public static string? KernelArgValue(string value)
    {
        if (value.Length > 256)
        {
            return "kernel argument values must be at most 256 characters";
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '\\' || c > '~')
            {
                return $"kernel argument values may not contain whitespace, quotes, backslashes, control or non-ASCII characters (found {Describe(c)})";
            }
        }

        return null;
    }

    /// <summary>A unicast MAC in colon form.</summary>
    public static string? Mac(string value)
    {
        if (!MacRegex().IsMatch(value))
        {
            return "must be a MAC address like 02:00:00:00:00:01";
        }

        var first = byte.Parse(value.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (first & 1) != 0 ? "must be a unicast MAC (the first octet's lowest bit must be 0)" : null;
    }

    public static string? Cidr(string value, out IPNetwork network)
    {
        network = default;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "must be an address with a prefix length, e.g. 10.0.0.5/24";
        }

        if (!IPAddress.TryParse(value.AsSpan(0, slash), out var address) || value.AsSpan(0, slash).Contains('%'))
        {
            return "is not a valid IP address with a prefix length";
        }

        var maxPrefix = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (!int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix < 1 || prefix > maxPrefix)
        {
            return $"prefix length must be between 1 and {maxPrefix}";
        }

        network = new IPNetwork(Mask(address, prefix), prefix);
        return null;
    }

    public static string? IpAddress(string value) =>
        IPAddress.TryParse(value, out _) && !value.Contains('/', StringComparison.Ordinal) && !value.Contains('%', StringComparison.Ordinal)
            ? null
            : "is not a valid IP address";

    public static string? LabelKey(string key) =>
        key.Length <= 317 && LabelKeyRegex().IsMatch(key) ? null : "must be a Kubernetes-style label key (optional prefix/, then 1-63 letters, digits, '.', '_' or '-')";

    public static string? LabelValue(string value) =>
        value.Length <= 63 && LabelValueRegex().IsMatch(value) ? null : "must be at most 63 letters, digits, '.', '_' or '-', starting and ending with a letter or digit";

    public static string? MetadataKey(string key) =>
        MetadataKeyRegex().IsMatch(key) ? null : "metadata keys must be 1-64 lowercase letters, digits, '_' or '-' (e.g. user-data)";

    /// <summary>A path inside an image or guest: relative or absolute as asked, no '..', no control characters.</summary>
    public static string? SafePath(string value, bool mustBeAbsolute)
    {
        if (value.Length is 0 or > 512)
        {
            return "must be 1-512 characters";
        }

        if (value.Any(c => char.IsControl(c)))
        {
            return "may not contain control characters";
        }

        if (mustBeAbsolute && !value.StartsWith('/'))
        {
            return "must be an absolute path";
        }

        return value.Split('/').Any(part => part == "..") ? "may not contain '..'" : null;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
