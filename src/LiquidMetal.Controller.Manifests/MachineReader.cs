using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Vms;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Manifests;

/// <summary>Reads a machine (inline in a cluster, or a MachineTemplate's spec).</summary>
internal static class MachineReader
{
    private static readonly string[] MachineFields =
        ["vcpus", "memoryMiB", "kernel", "initrd", "rootVolume", "additionalVolumes", "interfaces", "labels"];

    public static MachineSpec Read(YamlFields yaml, Dictionary<string, YamlNode> spec, string field) => new()
    {
        Vcpus = yaml.Int(spec, field, "vcpus") ?? 0,
        MemoryMiB = yaml.Int(spec, field, "memoryMiB") ?? 0,
        Kernel = ReadKernel(yaml, yaml.Required(spec, field, "kernel", "image", "filename", "cmdline"), YamlFields.Join(field, "kernel")),
        Initrd = yaml.Optional(spec, field, "initrd", "image", "filename") is { } initrd
            ? new MachineImage { Image = yaml.String(initrd, $"{field}.initrd", "image") ?? "", Filename = yaml.String(initrd, $"{field}.initrd", "filename") }
            : null,
        RootVolume = ReadVolume(yaml, yaml.Required(spec, field, "rootVolume", "image", "sizeMiB"), YamlFields.Join(field, "rootVolume")),
        AdditionalVolumes = yaml.Sequence(spec, field, "additionalVolumes", (node, path) =>
            yaml.Mapping(node, path, "id", "image", "sizeMiB", "mountPoint", "readOnly") is { } volume ? ReadVolume(yaml, volume, path) : null),
        Interfaces = yaml.Sequence(spec, field, "interfaces", (node, path) =>
            yaml.Mapping(node, path, "deviceId", "type", "bridge") is { } nic ? ReadInterface(yaml, nic, path) : null),
        Labels = yaml.StringMap(spec, field, "labels"),
    };

    /// <summary>A machine mapping under <paramref name="key"/>, or null when absent.</summary>
    public static MachineSpec? ReadOptional(YamlFields yaml, Dictionary<string, YamlNode> parent, string parentField, string key) =>
        yaml.Optional(parent, parentField, key, MachineFields) is { } machine ? Read(yaml, machine, YamlFields.Join(parentField, key)) : null;

    public static Dictionary<string, YamlNode> ReadSpecMapping(YamlFields yaml, YamlNode? spec) =>
        yaml.Mapping(spec, "spec", MachineFields) ?? [];

    private static MachineKernel ReadKernel(YamlFields yaml, Dictionary<string, YamlNode> kernel, string field) => new()
    {
        Image = yaml.String(kernel, field, "image") ?? "",
        Filename = yaml.String(kernel, field, "filename"),
        Cmdline = yaml.StringMap(kernel, field, "cmdline"),
    };

    private static MachineVolume ReadVolume(YamlFields yaml, Dictionary<string, YamlNode> volume, string field) => new()
    {
        Id = yaml.String(volume, field, "id"),
        Image = yaml.String(volume, field, "image") ?? "",
        SizeMiB = yaml.Int(volume, field, "sizeMiB"),
        MountPoint = yaml.String(volume, field, "mountPoint"),
        ReadOnly = yaml.Bool(volume, field, "readOnly"),
    };

    private static MachineInterface ReadInterface(YamlFields yaml, Dictionary<string, YamlNode> nic, string field)
    {
        var type = yaml.String(nic, field, "type");
        var parsed = type switch
        {
            null or "tap" => InterfaceType.Tap,
            "macvtap" => InterfaceType.Macvtap,
            _ => (InterfaceType?)null,
        };
        if (parsed is null)
        {
            yaml.Add($"{field}.type", $"must be tap or macvtap (got '{type}')");
        }

        return new MachineInterface
        {
            DeviceId = yaml.String(nic, field, "deviceId") ?? "",
            Type = parsed ?? InterfaceType.Tap,
            Bridge = yaml.String(nic, field, "bridge"),
        };
    }
}
