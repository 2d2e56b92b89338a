using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Agent.Linux.CloudInit;

/// <summary>
/// Renders a VM's cloud-init NoCloud files from its spec, without I/O:
/// <list type="bullet">
/// <item>meta-data: the client's YAML mapping with <c>instance-id</c>/<c>instance_id</c> set to the uid and
/// <c>local-hostname</c>/<c>local_hostname</c> set to the client's hostname (dashed spelling first) or the VM id;
/// every other key kept. cloud-init reads the dashed keys; flintlock clients send and read the underscored ones.</item>
/// <item>user-data: passed through byte for byte (always written, empty when absent: cloud-init's NoCloud requires
/// the file).</item>
/// <item>vendor-data: the client's, byte for byte, unless additional volumes have mount points: then a cloud-config
/// <c>mounts:</c> list is added (see <see cref="RenderVendorData"/>), as flintlock does.</item>
/// <item>network-config: generated (version 2) when <see cref="KernelSpec.AddNetworkConfig"/> is set, replacing the
/// client's; otherwise the client's, unchanged, if any.</item>
/// </list>
/// Other metadata keys are ignored.
/// </summary>
public static class NoCloudRenderer
{
    public const string MetaData = "meta-data";
    public const string UserData = "user-data";
    public const string VendorData = "vendor-data";
    public const string NetworkConfig = "network-config";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The seed's files in a fixed order: meta-data, user-data, then vendor-data and network-config when present.</summary>
    /// <exception cref="SeedException">A metadata value is not base64, meta-data is not a YAML mapping, or an interface address is malformed.</exception>
    public static IReadOnlyList<NoCloudFile> Render(MicroVm vm, IReadOnlyList<NicAttachment> nics)
    {
        ArgumentNullException.ThrowIfNull(vm);
        ArgumentNullException.ThrowIfNull(nics);
        var metadata = vm.Spec.Metadata;
        var files = new List<NoCloudFile>
        {
            new(MetaData, Utf8.GetBytes(RenderMetaData(DecodeText(metadata, MetaData), vm.Uid, vm.Id))),
            new(UserData, Decode(metadata, UserData) ?? []),
        };

        if (RenderVendorData(Decode(metadata, VendorData), vm.Spec) is { } vendorData)
        {
            files.Add(new(VendorData, vendorData));
        }

        if (vm.Spec.Kernel.AddNetworkConfig)
        {
            files.Add(new(NetworkConfig, Utf8.GetBytes(RenderNetworkConfig(vm.Uid, vm.Spec.Interfaces, nics))));
        }
        else if (Decode(metadata, NetworkConfig) is { } networkConfig)
        {
            files.Add(new(NetworkConfig, networkConfig));
        }

        return files;
    }

    /// <summary>
    /// vendor-data with a cloud-config <c>mounts:</c> entry (<c>[/dev/vdX, mount point, auto, "defaults,nofail[,ro]"]</c>)
    /// for each additional volume that has a mount point. Disks reach the guest in spec order (root first), so the
    /// n-th volume is <c>/dev/vd</c> + the n-th letter. Added only when the client sent no vendor-data or a
    /// <c>#cloud-config</c> mapping without <c>mounts</c>; anything else the client sent wins, unchanged.
    /// </summary>
    public static byte[]? RenderVendorData(byte[]? client, MicroVmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var mounts = new YamlSequenceNode();
        var index = 0;
        foreach (var volume in spec.AllVolumes())
        {
            if (volume != spec.RootVolume && volume.MountPoint is { Length: > 0 } mountPoint && index < 26)
            {
                mounts.Add(new YamlSequenceNode(
                    Quoted($"/dev/vd{(char)('a' + index)}"), Quoted(mountPoint), Quoted("auto"), Quoted(volume.IsReadOnly ? "defaults,nofail,ro" : "defaults,nofail"))
                { Style = SequenceStyle.Flow });
            }

            index++;
        }

        if (mounts.Children.Count == 0)
        {
            return client;
        }

        YamlMappingNode config;
        if (client is null)
        {
            config = [];
        }
        else
        {
            var text = Utf8.GetString(client);
            if (!text.StartsWith("#cloud-config", StringComparison.Ordinal))
            {
                return client; // A script or a multi-part archive: not ours to rewrite.
            }

            config = ParseMapping(text, VendorData);
            if (config.Children.ContainsKey(new YamlScalarNode("mounts")))
            {
                return client;
            }
        }

        config.Add("mounts", mounts);
        return Utf8.GetBytes("#cloud-config\n" + YamlText.Write(config));
    }

    /// <summary>The client's meta-data (YAML, may be null or empty) with the instance id and hostname set in both spellings.</summary>
    public static string RenderMetaData(string? clientYaml, string uid, string vmId)
    {
        ArgumentException.ThrowIfNullOrEmpty(uid);
        ArgumentException.ThrowIfNullOrEmpty(vmId);
        var client = ParseMapping(clientYaml, MetaData);
        var hostname = HostnameOf(client) ?? vmId;

        var result = new YamlMappingNode
        {
            { "instance-id", Quoted(uid) },
            { "instance_id", Quoted(uid) },
            { "local-hostname", Quoted(hostname) },
            { "local_hostname", Quoted(hostname) },
        };
        foreach (var (key, value) in client.Children)
        {
            if (key is YamlScalarNode { Value: "instance-id" or "instance_id" or "local-hostname" or "local_hostname" })
            {
                continue;
            }

            result.Add(key, value);
        }

        return YamlText.Write(result);
    }

    /// <summary>
    /// cloud-init network-config version 2 for the interfaces in spec order (eth0, eth1, ...), each matched by the MAC
    /// of its attachment: static addresses with an optional default route and nameservers, DHCPv4 otherwise.
    /// </summary>
    public static string RenderNetworkConfig(string uid, IReadOnlyList<NetworkInterfaceSpec> interfaces, IReadOnlyList<NicAttachment> nics)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(nics);
        var text = new StringBuilder();
        text.Append("version: 2\n");
        if (interfaces.Count == 0)
        {
            text.Append("ethernets: {}\n");
            return text.ToString();
        }

        text.Append("ethernets:\n");
        for (var i = 0; i < interfaces.Count; i++)
        {
            var nic = interfaces[i];
            var name = string.Create(CultureInfo.InvariantCulture, $"eth{i}");
            var mac = (nics.FirstOrDefault(n => n.DeviceId == nic.DeviceId)?.GuestMac
                ?? (nic.GuestMac is { Length: > 0 } given ? given : InterfaceNames.GuestMac(uid, nic.DeviceId))).ToLowerInvariant();
            text.Append(CultureInfo.InvariantCulture, $"  {name}:\n");
            text.Append("    match:\n");
            text.Append(CultureInfo.InvariantCulture, $"      macaddress: \"{mac}\"\n");
            text.Append(CultureInfo.InvariantCulture, $"    set-name: {name}\n");
            if (nic.Address is not { } address)
            {
                text.Append("    dhcp4: true\n");
                continue;
            }

            var field = string.Create(CultureInfo.InvariantCulture, $"spec.interfaces[{i}].address");
            var (ip, prefix) = ParseCidr(address.Address, $"{field}.address");
            text.Append("    addresses:\n");
            text.Append(CultureInfo.InvariantCulture, $"    - {Scalar(string.Create(CultureInfo.InvariantCulture, $"{ip}/{prefix}"))}\n");
            if (address.Gateway is { Length: > 0 } gatewayText)
            {
                var gateway = ParseIp(gatewayText, $"{field}.gateway");
                var defaultRoute = gateway.AddressFamily == AddressFamily.InterNetworkV6 ? "::/0" : "0.0.0.0/0";
                text.Append("    routes:\n");
                text.Append(CultureInfo.InvariantCulture, $"    - to: {Scalar(defaultRoute)}\n");
                text.Append(CultureInfo.InvariantCulture, $"      via: {Scalar(gateway.ToString())}\n");
            }

            if (address.Nameservers.Count > 0)
            {
                text.Append("    nameservers:\n");
                text.Append("      addresses:\n");
                for (var n = 0; n < address.Nameservers.Count; n++)
                {
                    var server = ParseIp(address.Nameservers[n], string.Create(CultureInfo.InvariantCulture, $"{field}.nameservers[{n}]"));
                    text.Append(CultureInfo.InvariantCulture, $"      - {Scalar(server.ToString())}\n");
                }
            }
        }

        return text.ToString();
    }

    private static YamlMappingNode ParseMapping(string? yaml, string name)
    {
        if (string.IsNullOrWhiteSpace(yaml))
        {
            return [];
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new SeedException($"metadata {name} is not valid YAML: {ex.Message}", ex);
        }

        return stream.Documents.Count switch
        {
            0 => [],
            1 => stream.Documents[0].RootNode switch
            {
                YamlMappingNode mapping => mapping,
                YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" } => [],
                var other => throw new SeedException(
                    $"metadata {name} must be a YAML mapping (key: value lines) but is a {Describe(other)}"),
            },
            _ => throw new SeedException($"metadata {name} must be one YAML document, not {stream.Documents.Count}"),
        };
    }

    private static string? HostnameOf(YamlMappingNode client)
    {
        foreach (var key in (string[])["local-hostname", "local_hostname"])
        {
            if (!client.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                continue;
            }

            return value is YamlScalarNode { Value: { Length: > 0 } hostname }
                ? hostname
                : throw new SeedException($"metadata meta-data {key} must be a non-empty string");
        }

        return null;
    }

    private static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "sequence",
        YamlScalarNode => "scalar",
        _ => node.NodeType.ToString().ToLowerInvariant(),
    };

    /// <summary>IPv4 text is a safe plain scalar; IPv6 text (colons) is quoted so that YAML 1.1 parsers never read it as a number.</summary>
    private static string Scalar(string value) => value.Contains(':', StringComparison.Ordinal) ? $"\"{value}\"" : value;

    private static (IPAddress Address, int Prefix) ParseCidr(string value, string field)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(value.AsSpan(0, slash), out var address)
            || value.AsSpan(0, slash).Contains('%')
            || !int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            throw new SeedException($"{field} '{value}' is not an IP address with a prefix length (e.g. 10.0.0.5/24)");
        }

        return (address, prefix);
    }

    private static IPAddress ParseIp(string value, string field) =>
        IPAddress.TryParse(value, out var address) && !value.Contains('/', StringComparison.Ordinal) && !value.Contains('%', StringComparison.Ordinal)
            ? address
            : throw new SeedException($"{field} '{value}' is not an IP address");

    private static byte[]? Decode(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var encoded))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(encoded);
        }
        catch (FormatException ex)
        {
            throw new SeedException($"metadata {key} is not valid base64", ex);
        }
    }

    private static string? DecodeText(IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (Decode(metadata, key) is not { } bytes)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new SeedException($"metadata {key} is not UTF-8 text", ex);
        }
    }
}
