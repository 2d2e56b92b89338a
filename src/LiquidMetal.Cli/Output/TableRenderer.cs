using System.Globalization;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Types;
using Spectre.Console;
using Spectre.Console.Rendering;
using VmState = LiquidMetal.Api.Flintlock.Types.MicroVMStatus.Types.MicroVMState;

namespace LiquidMetal.Cli.Output;

/// <summary>Tables for people: kubectl-like columns without borders; colour only on a terminal.</summary>
internal static partial class TableRenderer
{
    public static readonly IReadOnlyList<string> VmListColumns = ["UID", "NAMESPACE", "ID", "STATE", "VCPU", "MEMORY", "AGE", "REASON"];

    public static readonly IReadOnlyList<string> ProviderColumns = ["PROVIDER", "AVAILABLE", "VERSION", "CAPABILITIES", "REASON"];

    private static readonly Style Heading = new(decoration: Decoration.Bold);

    /// <summary>One row per VM; <paramref name="details"/> (by uid) supplies the REASON column.</summary>
    public static IRenderable VmList(IEnumerable<MicroVM> vms, IReadOnlyDictionary<string, MicroVMDetails> details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(vms);
        ArgumentNullException.ThrowIfNull(details);
        var table = NewTable(VmListColumns);
        foreach (var vm in vms)
        {
            var spec = vm.Spec ?? new MicroVMSpec();
            details.TryGetValue(spec.Uid, out var detail);
            table.AddRow(
                new Text(spec.Uid),
                new Text(spec.Namespace),
                new Text(spec.Id),
                StateText(vm.Status?.State ?? VmState.Pending),
                new Text(spec.Vcpu.ToString(CultureInfo.InvariantCulture)),
                new Text(Humanize.Mebibytes(spec.MemoryInMb)),
                new Text(Humanize.Age(spec.CreatedAt, now)),
                new Text(FirstLine(detail?.Reason) ?? "-"));
        }

        return table;
    }

    /// <summary>
    /// One VM: a summary of its spec, its status, and the agent's details (reason, attempts, timings), and
    /// for a FAILED VM the console tail unless <paramref name="withConsoleTail"/> is false.
    /// </summary>
    public static IRenderable Vm(MicroVM vm, MicroVMDetails? details, DateTimeOffset now, bool withConsoleTail = true)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var spec = vm.Spec ?? new MicroVMSpec();
        var status = vm.Status ?? new MicroVMStatus();
        var grid = NewGrid();
        AddRow(grid, "UID", spec.Uid);
        AddRow(grid, "Namespace", spec.Namespace);
        AddRow(grid, "ID", spec.Id);
        grid.AddRow(new Text("State", Heading), StateText(status.State));
        AddRow(grid, "Version", vm.Version.ToString(CultureInfo.InvariantCulture));
        AddRow(grid, "Provider", spec.HasProvider ? spec.Provider : details?.Provider);
        AddRow(grid, "vCPUs", spec.Vcpu.ToString(CultureInfo.InvariantCulture));
        AddRow(grid, "Memory", Humanize.Mebibytes(spec.MemoryInMb));
        AddRow(grid, "Kernel", Describe(spec.Kernel));
        AddRow(grid, "Initrd", spec.Initrd is { } initrd ? WithFilename(initrd.Image, initrd.HasFilename ? initrd.Filename : null) : null);
        AddRow(grid, "Root volume", Describe(spec.RootVolume));
        AddRow(grid, "Volumes", Join(spec.AdditionalVolumes.Select(Describe)));
        AddRow(grid, "Interfaces", Join(spec.Interfaces.Select(i => Describe(i, status))));
        AddRow(grid, "Labels", Join(spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
        AddRow(grid, "Metadata", Join(spec.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key} ({Humanize.Bytes(DecodedLength(m.Value))})")));
        AddRow(grid, "Created", Humanize.Time(spec.CreatedAt, now));
        AddRow(grid, "Attempts", (details?.Attempts ?? status.Retry).ToString(CultureInfo.InvariantCulture));
        if (details is not null)
        {
            AddRow(grid, "Reason", details.Reason);
            AddRow(grid, "Last transition", Humanize.Time(details.LastTransition, now));
            AddRow(grid, "VMM pid", details.VmmPid > 0 ? details.VmmPid.ToString(CultureInfo.InvariantCulture) : null);
            AddRow(grid, "Boot time", details.BootDuration is { } boot ? Humanize.Duration(boot.ToTimeSpan()) : null);
            AddRow(grid, "Next attempt", details.NextAttemptAt is null ? null : Humanize.Time(details.NextAttemptAt, now));
        }

        if (!withConsoleTail || status.State != VmState.Failed || details is null || details.ConsoleTail.Count == 0)
        {
            return grid;
        }

        return new Rows(grid, new Text(""), new Text($"Console (last {details.ConsoleTail.Count} lines):", Heading), new Text(string.Join('\n', details.ConsoleTail)));
    }

    /// <summary>The host's capacity and inventory, then one row per VMM provider.</summary>
    public static IRenderable Host(HostInfo host, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(host);
        var grid = NewGrid();
        AddRow(grid, "Hostname", host.Hostname);
        AddRow(grid, "Agent", host.AgentVersion);
        AddRow(grid, "Started", Humanize.Time(host.StartedAt, now));
        AddRow(grid, "CPUs", host.Cpus.ToString(CultureInfo.InvariantCulture));
        AddRow(grid, "Memory", Humanize.Mebibytes(host.MemoryMib));
        AddRow(grid, "Disk", $"{Humanize.Mebibytes(host.DiskFreeMib)} free of {Humanize.Mebibytes(host.DiskTotalMib)}");
        AddRow(grid, "Acceleration", host.Acceleration);
        AddRow(grid, "Default provider", host.DefaultProvider);
        AddRow(grid, "VMs", host.VmCount.ToString(CultureInfo.InvariantCulture));
        AddRow(grid, "Allocated", Describe(host.Allocated));
        AddRow(grid, "Free", Describe(host.Free));
        AddRow(grid, "Images", $"{host.Images.Count} pulled, cache {Humanize.Bytes(host.ImageCacheBytes)}");

        var providers = NewTable(ProviderColumns);
        foreach (var provider in host.Providers)
        {
            providers.AddRow(
                new Text(provider.Name),
                new Text(provider.Available ? "yes" : "no", provider.Available ? new Style(Color.Green) : new Style(Color.Red)),
                new Text(Or(provider.Version)),
                new Text(Or(string.Join(", ", provider.Capabilities))),
                new Text(Or(FirstLine(provider.Reason))));
        }

        return new Rows(grid, new Text(""), providers);
    }

    public static Text StateText(VmState state)
    {
        var style = state switch
        {
            VmState.Created => new Style(Color.Green),
            VmState.Failed => new Style(Color.Red),
            VmState.Pending => new Style(Color.Yellow),
            _ => new Style(Color.Grey),
        };
        return new Text(StateName(state), style);
    }

    /// <summary>The proto name of a state (PENDING, CREATED, FAILED, DELETING).</summary>
    public static string StateName(VmState state) =>
        MicroVMStatus.Descriptor.FindFieldByNumber(MicroVMStatus.StateFieldNumber).EnumType.FindValueByNumber((int)state)?.Name
        ?? ((int)state).ToString(CultureInfo.InvariantCulture);

    private static Table NewTable(IReadOnlyList<string> columns)
    {
        var table = new Table().Border(TableBorder.None);
        for (var i = 0; i < columns.Count; i++)
        {
            var column = new TableColumn(new Text(columns[i], Heading)).PadLeft(0).PadRight(i == columns.Count - 1 ? 0 : 3);
            if (columns[i] is not "REASON" and not "REASONS" and not "CAPABILITIES" and not "DETAIL" and not "MESSAGE" and not "LAST ERROR")
            {
                column.NoWrap();
            }

            table.AddColumn(column);
        }

        return table;
    }

    private static Grid NewGrid() =>
        new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(0).PadRight(2)).AddColumn(new GridColumn().PadLeft(0).PadRight(0));

    private static void AddRow(Grid grid, string name, string? value) =>
        grid.AddRow(new Text(name, Heading), new Text(Or(value)));

    private static string Describe(Kernel? kernel)
    {
        if (kernel is null)
        {
            return "-";
        }

        var parts = new List<string> { WithFilename(kernel.Image, kernel.HasFilename ? kernel.Filename : null) };
        if (kernel.Cmdline.Count > 0)
        {
            parts.Add("cmdline " + string.Join(' ', kernel.Cmdline.Select(a => a.Value.Length == 0 ? a.Key : $"{a.Key}={a.Value}")));
        }

        if (kernel.AddNetworkConfig)
        {
            parts.Add("network config added");
        }

        return string.Join(", ", parts);
    }

    private static string Describe(Volume? volume)
    {
        if (volume is null)
        {
            return "-";
        }

        var source = volume.Source switch
        {
            { HasContainerSource: true } s => s.ContainerSource,
            { HasVirtiofsSource: true } s => "virtiofs " + s.VirtiofsSource,
            _ => "?",
        };
        var flags = new List<string>();
        if (volume.IsReadOnly)
        {
            flags.Add("read-only");
        }

        if (volume.HasMountPoint)
        {
            flags.Add("at " + volume.MountPoint);
        }

        if (volume.HasSizeInMb)
        {
            flags.Add(Humanize.Mebibytes(volume.SizeInMb));
        }

        return $"{volume.Id}: {source}{(flags.Count > 0 ? $" ({string.Join(", ", flags)})" : "")}";
    }

    private static string Describe(NetworkInterface nic, MicroVMStatus status)
    {
        var text = $"{nic.DeviceId} {nic.Type.ToString().ToUpperInvariant()}";
        if (nic.Address is { } address)
        {
            text += " " + address.Address;
            if (address.HasGateway)
            {
                text += " via " + address.Gateway;
            }

            if (address.Nameservers.Count > 0)
            {
                text += " dns " + string.Join(',', address.Nameservers);
            }
        }

        if (status.NetworkInterfaces.TryGetValue(nic.DeviceId, out var observed))
        {
            text += $" (host {Or(observed.HostDeviceName)}, mac {Or(observed.MacAddress)})";
        }
        else if (nic.HasGuestMac)
        {
            text += $" (mac {nic.GuestMac})";
        }

        return text;
    }

    private static string Describe(Allocation? allocation) =>
        allocation is null ? "-" : $"{allocation.Vcpus} vCPUs, {Humanize.Mebibytes(allocation.MemoryMib)}";

    private static string WithFilename(string image, string? filename) => filename is null ? image : $"{image} ({filename})";

    private static long DecodedLength(string base64) => base64.Length / 4 * 3 - base64.Count(c => c == '=');

    private static string? Join(IEnumerable<string> items)
    {
        var text = string.Join('\n', items);
        return text.Length == 0 ? null : text;
    }

    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text.Trim() : text[..newline].Trim() + " …";
    }

    private static string Or(string? value) => string.IsNullOrEmpty(value) ? "-" : value;
}
