using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>
/// Kubernetes' own syntax rules (apimachinery's validation) for what the controller hands to kubeadm and the kubelet,
/// plus CIDRs and SSH keys. Each check returns null when fine, else what is wrong.
/// </summary>
public static partial class KubernetesSyntax
{
    /// <summary>Label-key prefixes in these namespaces are refused by the kubelet unless listed in <see cref="KubeletAllowedLabels"/> or below an allowed namespace.</summary>
    private static readonly string[] RestrictedNamespaces = ["kubernetes.io", "k8s.io"];

    private static readonly string[] KubeletAllowedNamespaces = ["kubelet.kubernetes.io", "node.kubernetes.io"];

    private static readonly HashSet<string> KubeletAllowedLabels = new(StringComparer.Ordinal)
    {
        "kubernetes.io/hostname", "kubernetes.io/instance-type", "kubernetes.io/os", "kubernetes.io/arch",
        "beta.kubernetes.io/instance-type", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
        "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
        "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
    };

    private static readonly string[] SshKeyTypes =
    [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ];

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNamePartRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomainRegex();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserNameRegex();

    /// <summary>A label or taint key: an optional DNS-subdomain prefix (at most 253) and '/', then a name of 1-63 characters.</summary>
    public static string? QualifiedName(string? key)
    {
        const string Expected = "must be a qualified name: an optional DNS subdomain prefix and '/', then 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. example.com/tier)";
        if (string.IsNullOrEmpty(key))
        {
            return "is required";
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (name.Length > 63 || !QualifiedNamePartRegex().IsMatch(name))
        {
            return Expected;
        }

        return slash < 0 || DnsSubdomain(key[..slash]) is null ? null : Expected;
    }

    /// <summary>A label (or taint) value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.</summary>
    public static string? LabelValue(string? value) =>
        value is null || value.Length == 0 || (value.Length <= 63 && QualifiedNamePartRegex().IsMatch(value))
            ? null
            : "must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    /// <summary>A node label the kubelet may set on itself (its <c>--node-labels</c> refuses most of the kubernetes.io and k8s.io namespaces).</summary>
    public static string? KubeletLabel(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || KubeletAllowedLabels.Contains(key))
        {
            return null;
        }

        var prefix = key[..slash];
        if (KubeletAllowedNamespaces.Any(ns => InNamespace(prefix, ns)) || !RestrictedNamespaces.Any(ns => InNamespace(prefix, ns)))
        {
            return null;
        }

        return $"the kubelet may not set labels in the {prefix} namespace (allowed there: kubelet.kubernetes.io/*, node.kubernetes.io/*, " +
               "topology.kubernetes.io/zone and region, kubernetes.io/hostname, os, arch and instance-type); use your own prefix, e.g. example.com/role";
    }

    /// <summary>A DNS subdomain (RFC 1123): lowercase labels separated by dots, at most 253 characters.</summary>
    public static string? DnsSubdomain(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 253 && DnsSubdomainRegex().IsMatch(value) && value.Split('.').All(label => label.Length <= 63)
            ? null
            : "must be a DNS subdomain: lowercase letters, digits and '-' in dot-separated parts of at most 63, 253 in all (e.g. cluster.local)";

    /// <summary>A network in CIDR form (<c>10.96.0.0/12</c>) with no host bits set.</summary>
    public static string? NetworkCidr(string? value, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrEmpty(value))
        {
            return "is required";
        }

        if (Syntax.Cidr(value, out network) is { } problem)
        {
            return problem.Replace("an address with a prefix length, e.g. 10.0.0.5/24", "a network with a prefix length, e.g. 10.0.0.0/24", StringComparison.Ordinal);
        }

        var address = IPAddress.Parse(value.AsSpan(0, value.IndexOf('/', StringComparison.Ordinal)));
        return address.Equals(network.BaseAddress) ? null : $"has host bits set; the network is {network}";
    }

    /// <summary>A Linux user name as cloud-init creates it.</summary>
    public static string? UserName(string? value) =>
        value is not null && UserNameRegex().IsMatch(value) ? null : "must be a Linux user name: 1-32 lowercase letters, digits, '_' or '-', starting with a letter or '_'";

    /// <summary>An OpenSSH public key line <c>type base64 [comment]</c>: a known type, the key blob naming the same type, no options, one line.</summary>
    public static string? SshAuthorizedKey(string? value)
    {
        const string Expected = "must be an OpenSSH public key: 'type base64 [comment]' on one line (e.g. ssh-ed25519 AAAAC3Nza... me@example), without options";
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is required";
        }

        if (value.Length > 16384 || value.Any(c => char.IsControl(c)))
        {
            return Expected;
        }

        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || !SshKeyTypes.Contains(parts[0], StringComparer.Ordinal))
        {
            return $"{Expected}; known types: {string.Join(", ", SshKeyTypes)}";
        }

        var blob = new byte[parts[1].Length];
        if (!Convert.TryFromBase64String(parts[1], blob, out var length) || length < 4)
        {
            return $"{Expected}; the key is not valid base64";
        }

        var typeLength = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return typeLength <= length - 4 && Encoding.ASCII.GetString(blob, 4, (int)typeLength) == parts[0]
            ? null
            : $"{Expected}; the key data is not a {parts[0]} key";
    }

    /// <summary>True when <paramref name="address"/> is the first (network) or, for IPv4, the last (broadcast) address of <paramref name="network"/>.</summary>
    public static bool IsNetworkOrBroadcast(IPAddress address, IPNetwork network)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Equals(network.BaseAddress))
        {
            return true;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork || network.PrefixLength >= 31)
        {
            return false;
        }

        var bytes = network.BaseAddress.GetAddressBytes();
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes) | (uint.MaxValue >> network.PrefixLength);
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return address.Equals(new IPAddress(bytes));
    }

    /// <summary>True when the two networks share an address.</summary>
    public static bool Overlap(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    private static bool InNamespace(string prefix, string ns) =>
        prefix == ns || prefix.EndsWith("." + ns, StringComparison.Ordinal);
}
