using System.Buffers.Text;
using System.Net;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Core.Validation;

/// <summary>
/// Checks a create request field by field and returns every error with its path. Image references are
/// checked by <paramref name="checkImageReference"/> (the host's image sources know their syntax).
/// </summary>
public sealed class MicroVmSpecValidator(ValidationLimits limits, Func<string, string?> checkImageReference)
{
    private const string Root = "microvm";

    public IReadOnlyList<ValidationError> Validate(MicroVmSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new ErrorCollector();
        CheckName(errors, $"{Root}.id", spec.Id);
        CheckName(errors, $"{Root}.namespace", spec.Namespace);
        errors.AddIf(spec.Vcpu < 1 || spec.Vcpu > limits.MaxVcpu, $"{Root}.vcpu", $"must be between 1 and {limits.MaxVcpu} (got {spec.Vcpu})");
        errors.AddIf(spec.MemoryMiB < limits.MinMemoryMiB || spec.MemoryMiB > limits.MaxMemoryMiB, $"{Root}.memory_in_mb",
            $"must be between {limits.MinMemoryMiB} and {limits.MaxMemoryMiB} MiB (got {spec.MemoryMiB})");
        CheckLabels(errors, spec.Labels);
        CheckKernel(errors, spec.Kernel);
        if (spec.Initrd is { } initrd)
        {
            CheckImage(errors, $"{Root}.initrd.image", initrd.Image);
            CheckFilename(errors, $"{Root}.initrd.filename", initrd.Filename);
        }

        CheckVolumes(errors, spec);
        CheckInterfaces(errors, spec.Interfaces);
        CheckMetadata(errors, spec.Metadata);
        return errors.Errors;
    }

    private static void CheckName(ErrorCollector errors, string field, string value)
    {
        if (Syntax.Name(value) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    private void CheckLabels(ErrorCollector errors, IReadOnlyDictionary<string, string> labels)
    {
        errors.AddIf(labels.Count > limits.MaxLabels, $"{Root}.labels", $"at most {limits.MaxLabels} labels");
        foreach (var (key, value) in labels)
        {
            if (Syntax.LabelKey(key) is { } keyProblem)
            {
                errors.Add($"{Root}.labels[{Quote(key)}]", keyProblem);
            }

            if (Syntax.LabelValue(value) is { } valueProblem)
            {
                errors.Add($"{Root}.labels[{Quote(key)}]", valueProblem);
            }
        }
    }

    private void CheckKernel(ErrorCollector errors, KernelSpec? kernel)
    {
        if (kernel is null)
        {
            errors.Add($"{Root}.kernel", "is required");
            return;
        }

        CheckImage(errors, $"{Root}.kernel.image", kernel.Image);
        CheckFilename(errors, $"{Root}.kernel.filename", kernel.Filename);
        var length = 0;
        foreach (var (key, value) in kernel.Cmdline)
        {
            var field = $"{Root}.kernel.cmdline[{Quote(key)}]";
            if (Syntax.KernelArgKey(key) is { } keyProblem)
            {
                errors.Add(field, keyProblem);
            }

            if (Syntax.KernelArgValue(value) is { } valueProblem)
            {
                errors.Add(field, valueProblem);
            }

            length += key.Length + value.Length + 2;
        }

        errors.AddIf(length > limits.MaxKernelCmdlineLength, $"{Root}.kernel.cmdline",
            $"the extra arguments are {length} characters; at most {limits.MaxKernelCmdlineLength} fit");
    }

    private void CheckImage(ErrorCollector errors, string field, string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            errors.Add(field, "is required");
            return;
        }

        if (reference.Length > 1024 || reference.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add(field, "must be at most 1024 characters with no whitespace or control characters");
            return;
        }

        if (checkImageReference(reference) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    private static void CheckFilename(ErrorCollector errors, string field, string? filename)
    {
        if (filename is not null && Syntax.SafePath(filename.TrimStart('/'), mustBeAbsolute: false) is { } problem)
        {
            errors.Add(field, problem);
        }
    }

    private void CheckVolumes(ErrorCollector errors, MicroVmSpec spec)
    {
        var volumes = spec.AdditionalVolumes;
        errors.AddIf(volumes.Count > limits.MaxVolumes, $"{Root}.additional_volumes", $"at most {limits.MaxVolumes} volumes");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (spec.RootVolume is { } root)
        {
            CheckVolume(errors, $"{Root}.root_volume", root, seen);
        }

        for (var i = 0; i < volumes.Count; i++)
        {
            CheckVolume(errors, $"{Root}.additional_volumes[{i}]", volumes[i], seen);
        }
    }

    private void CheckVolume(ErrorCollector errors, string field, VolumeSpec volume, HashSet<string> seenIds)
    {
        if (Syntax.DeviceId(volume.Id) is { } idProblem)
        {
            errors.Add($"{field}.id", idProblem);
        }
        else if (!seenIds.Add(volume.Id))
        {
            errors.Add($"{field}.id", $"duplicate volume id '{volume.Id}'");
        }

        var hasContainer = !string.IsNullOrEmpty(volume.ContainerSource);
        var hasVirtiofs = !string.IsNullOrEmpty(volume.VirtiofsSource);
        if (hasContainer == hasVirtiofs)
        {
            errors.Add($"{field}.source", "exactly one of container_source and virtiofs_source must be set");
        }
        else if (hasContainer)
        {
            CheckImage(errors, $"{field}.source.container_source", volume.ContainerSource);
        }
        else
        {
            errors.Add($"{field}.source.virtiofs_source", "virtiofs volumes are not supported by this host's VMM providers; use container_source");
        }

        if (volume.MountPoint is { } mountPoint && Syntax.SafePath(mountPoint, mustBeAbsolute: true) is { } mountProblem)
        {
            errors.Add($"{field}.mount_point", mountProblem);
        }

        if (volume.PartitionId is { Length: > 0 } partition && Syntax.DeviceId(partition) is { } partitionProblem)
        {
            errors.Add($"{field}.partition_id", partitionProblem);
        }

        errors.AddIf(volume.SizeMiB is { } size && (size < 1 || size > limits.MaxVolumeSizeMiB), $"{field}.size_in_mb",
            $"must be between 1 and {limits.MaxVolumeSizeMiB} (got {volume.SizeMiB})");
    }

    private void CheckInterfaces(ErrorCollector errors, IReadOnlyList<NetworkInterfaceSpec> interfaces)
    {
        errors.AddIf(interfaces.Count > limits.MaxInterfaces, $"{Root}.interfaces", $"at most {limits.MaxInterfaces} interfaces");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var macs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < interfaces.Count; i++)
        {
            var nic = interfaces[i];
            var field = $"{Root}.interfaces[{i}]";
            if (Syntax.DeviceId(nic.DeviceId) is { } idProblem)
            {
                errors.Add($"{field}.device_id", idProblem);
            }
            else if (!ids.Add(nic.DeviceId))
            {
                errors.Add($"{field}.device_id", $"duplicate device id '{nic.DeviceId}'");
            }

            errors.AddIf(!Enum.IsDefined(nic.Type), $"{field}.type", "must be MACVTAP (0) or TAP (1)");
            if (nic.GuestMac is { Length: > 0 } mac)
            {
                if (Syntax.Mac(mac) is { } macProblem)
                {
                    errors.Add($"{field}.guest_mac", macProblem);
                }
                else if (!macs.Add(mac))
                {
                    errors.Add($"{field}.guest_mac", $"duplicate MAC {mac}");
                }
            }

            if (nic.BridgeName is { Length: > 0 } bridge && Syntax.LinuxInterfaceName(bridge) is { } bridgeProblem)
            {
                errors.Add($"{field}.overrides.bridge_name", bridgeProblem);
            }

            if (nic.Address is { } address)
            {
                CheckAddress(errors, $"{field}.address", address);
            }
        }
    }

    private static void CheckAddress(ErrorCollector errors, string field, StaticAddressSpec address)
    {
        if (Syntax.Cidr(address.Address, out var network) is { } cidrProblem)
        {
            errors.Add($"{field}.address", cidrProblem);
            return;
        }

        if (address.Gateway is { Length: > 0 } gateway)
        {
            if (Syntax.IpAddress(gateway) is { } gatewayProblem)
            {
                errors.Add($"{field}.gateway", gatewayProblem);
            }
            else if (!network.Contains(IPAddress.Parse(gateway)))
            {
                errors.Add($"{field}.gateway", $"{gateway} is not inside {network}");
            }
        }

        for (var i = 0; i < address.Nameservers.Count; i++)
        {
            if (Syntax.IpAddress(address.Nameservers[i]) is { } nsProblem)
            {
                errors.Add($"{field}.nameservers[{i}]", nsProblem);
            }
        }
    }

    private void CheckMetadata(ErrorCollector errors, IReadOnlyDictionary<string, string> metadata)
    {
        long total = 0;
        foreach (var (key, value) in metadata)
        {
            var field = $"{Root}.metadata[{Quote(key)}]";
            if (Syntax.MetadataKey(key) is { } keyProblem)
            {
                errors.Add(field, keyProblem);
            }

            if (!Base64.IsValid(value, out var decodedLength))
            {
                errors.Add(field, "must be base64-encoded");
            }

            total += decodedLength;
        }

        errors.AddIf(total > limits.MaxMetadataBytes, $"{Root}.metadata",
            $"metadata totals {total} bytes decoded; at most {limits.MaxMetadataBytes} are allowed");
    }

    private static string Quote(string key) => key.Length > 64 ? $"\"{key[..64]}…\"" : $"\"{key}\"";
}
