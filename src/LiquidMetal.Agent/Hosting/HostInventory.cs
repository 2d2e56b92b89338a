using Google.Protobuf.WellKnownTypes;
using LiquidMetal.Agent.Api;
using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Reconcile;
using LiquidMetal.Core.Storage;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Hosting;

/// <summary>This host's capacity, VMM providers and what the stored VMs take of it.</summary>
internal sealed class HostInventory(
    VmmProviders providers,
    IVmStore store,
    IOptions<AgentOptions> options,
    ImageApi images,
    TimeProvider time)
{
    private static readonly string AgentVersion = typeof(HostInventory).Assembly.GetName().Version?.ToString() ?? "dev";
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private IReadOnlyList<(IVmmDriver Driver, VmmAvailability Availability)>? _providerCache;

    public async Task<HostInfo> DescribeAsync(CancellationToken cancellationToken)
    {
        var host = await HostProbe.ProbeAsync(options.Value.StateDirectory, cancellationToken);
        var vms = store.Snapshot().Vms.Where(v => !v.IsDeleting).ToList();
        var allocatedCpus = vms.Sum(v => v.Spec.Vcpu);
        var allocatedMemory = vms.Sum(v => (long)v.Spec.MemoryMiB);
        var memoryMiB = host.MemoryTotalBytes / (1024 * 1024);

        var info = new HostInfo
        {
            Hostname = host.Hostname,
            AgentVersion = AgentVersion,
            Cpus = host.CpuCount,
            MemoryMib = memoryMiB,
            DiskTotalMib = host.DiskTotalBytes / (1024 * 1024),
            DiskFreeMib = host.DiskFreeBytes / (1024 * 1024),
            Allocated = new Allocation { Vcpus = allocatedCpus, MemoryMib = allocatedMemory },
            Free = new Allocation { Vcpus = host.CpuCount - allocatedCpus, MemoryMib = memoryMiB - allocatedMemory },
            VmCount = vms.Count,
            DefaultProvider = providers.DefaultName,
            StartedAt = Timestamp.FromDateTimeOffset(_startedAt),
        };

        foreach (var (driver, availability) in await ProbeProvidersAsync(cancellationToken))
        {
            var provider = new VmmProvider
            {
                Name = driver.Name,
                Available = availability.Available,
                Reason = availability.Reason ?? "",
                Version = availability.Version ?? "",
            };
            provider.Capabilities.Add(System.Enum.GetValues<VmmCapabilities>()
                .Where(c => c != VmmCapabilities.None && driver.Capabilities.HasFlag(c))
                .Select(c => c.ToString().ToLowerInvariant()));
            info.Providers.Add(provider);
            if (driver.Name == providers.DefaultName)
            {
                info.Acceleration = availability.Acceleration ?? "";
            }
        }

        var cached = await images.ListAsync(cancellationToken);
        info.Images.Add(cached.Images);
        info.ImageCacheBytes = cached.BlobBytes + cached.ArtifactBytes;
        return info;
    }

    /// <summary>Provider probes run programs (qemu --version); what they find does not change while the agent runs.</summary>
    private async Task<IReadOnlyList<(IVmmDriver, VmmAvailability)>> ProbeProvidersAsync(CancellationToken cancellationToken)
    {
        if (_providerCache is { } cached)
        {
            return cached;
        }

        var results = new List<(IVmmDriver, VmmAvailability)>();
        foreach (var driver in providers.All)
        {
            results.Add((driver, await driver.ProbeAsync(cancellationToken)));
        }

        return _providerCache = results;
    }
}
