using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>Checks a machine with the agent's limits, so a node's microVM is never refused by the agent.</summary>
internal static class MachineRules
{
    private static readonly ValidationLimits Limits = new();

    public static void Check(ManifestErrors errors, string field, MachineSpec machine)
    {
        errors.AddIf(machine.Vcpus < 1 || machine.Vcpus > Limits.MaxVcpu, $"{field}.vcpus",
            $"must be between 1 and {Limits.MaxVcpu} (got {machine.Vcpus})");
        errors.AddIf(machine.MemoryMiB < Limits.MinMemoryMiB || machine.MemoryMiB > Limits.MaxMemoryMiB, $"{field}.memoryMiB",
            $"must be between {Limits.MinMemoryMiB} and {Limits.MaxMemoryMiB} (got {machine.MemoryMiB})");
        CheckKernel(errors, $"{field}.kernel", machine.Kernel);
        if (machine.Initrd is { } initrd)
        {
            CommonRules.CheckImage(errors, $"{field}.initrd.image", initrd.Image);
            CommonRules.CheckRelativePath(errors, $"{field}.initrd.filename", initrd.Filename);
        }

        if (machine.RootVolume is null)
        {
            errors.Add($"{field}.rootVolume", "is required");
        }
        else
        {
            CheckVolume(errors, $"{field}.rootVolume", machine.RootVolume);
        }

        CheckAdditionalVolumes(errors, field, machine.AdditionalVolumes);
        CheckInterfaces(errors, field, machine.Interfaces);
        CommonRules.CheckLabels(errors, $"{field}.labels", machine.Labels);
    }

    private static void CheckKernel(ManifestErrors errors, string field, MachineKernel? kernel)
    {
        if (kernel is null)
        {
            errors.Add(field, "is required");
            return;
        }

        CommonRules.CheckImage(errors, $"{field}.image", kernel.Image);
        CommonRules.CheckRelativePath(errors, $"{field}.filename", kernel.Filename);
        var length = 0;
        foreach (var (key, value) in kernel.Cmdline)
        {
            errors.Check($"{field}.cmdline[{key}]", Syntax.KernelArgKey(key));
            errors.Check($"{field}.cmdline[{key}]", Syntax.KernelArgValue(value));
            length += key.Length + value.Length + 2;
        }

        errors.AddIf(length > Limits.MaxKernelCmdlineLength, $"{field}.cmdline",
            $"the arguments are {length} characters; at most {Limits.MaxKernelCmdlineLength} fit");
    }

    private static void CheckVolume(ManifestErrors errors, string field, MachineVolume volume)
    {
        CommonRules.CheckImage(errors, $"{field}.image", volume.Image);
        errors.AddIf(volume.SizeMiB is { } size && (size < 1 || size > Limits.MaxVolumeSizeMiB), $"{field}.sizeMiB",
            $"must be between 1 and {Limits.MaxVolumeSizeMiB} (got {volume.SizeMiB})");
        if (volume.MountPoint is { } mountPoint)
        {
            errors.Check($"{field}.mountPoint", Syntax.SafePath(mountPoint, mustBeAbsolute: true));
        }
    }

    private static void CheckAdditionalVolumes(ManifestErrors errors, string field, IReadOnlyList<MachineVolume> volumes)
    {
        errors.AddIf(volumes.Count > Limits.MaxVolumes, $"{field}.additionalVolumes", $"at most {Limits.MaxVolumes} volumes");
        var ids = new HashSet<string>(StringComparer.Ordinal) { MachineSpecFactory.RootVolumeId };
        for (var i = 0; i < volumes.Count; i++)
        {
            var path = $"{field}.additionalVolumes[{i}]";
            if (Syntax.DeviceId(volumes[i].Id) is { } problem)
            {
                errors.Add($"{path}.id", problem);
            }
            else if (!ids.Add(volumes[i].Id!))
            {
                errors.Add($"{path}.id", $"'{volumes[i].Id}' is already used (the root volume is '{MachineSpecFactory.RootVolumeId}')");
            }

            CheckVolume(errors, path, volumes[i]);
        }
    }

    private static void CheckInterfaces(ManifestErrors errors, string field, IReadOnlyList<MachineInterface> interfaces)
    {
        errors.AddIf(interfaces.Count > Limits.MaxInterfaces, $"{field}.interfaces", $"at most {Limits.MaxInterfaces} interfaces");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < interfaces.Count; i++)
        {
            var path = $"{field}.interfaces[{i}]";
            var nic = interfaces[i];
            if (Syntax.DeviceId(nic.DeviceId) is { } problem)
            {
                errors.Add($"{path}.deviceId", problem);
            }
            else if (!ids.Add(nic.DeviceId))
            {
                errors.Add($"{path}.deviceId", $"duplicate device id '{nic.DeviceId}'");
            }

            if (nic.Bridge is { } bridge)
            {
                errors.Check($"{path}.bridge", Syntax.LinuxInterfaceName(bridge));
            }
        }
    }
}
