using LiquidMetal.Core.Ports;

namespace LiquidMetal.Testing;

public sealed class FakeNetworkManager : INetworkManager
{
    private readonly Dictionary<string, NicRequest> _devices = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Devices => _devices.Keys;
    public int Creations { get; private set; }
    public Exception? Failure { get; set; }

    public Task<NicAttachment> EnsureInterfaceAsync(NicRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Failure is { } failure)
        {
            throw failure;
        }

        if (_devices.TryAdd(request.HostDeviceName, request))
        {
            Creations++;
        }

        return Task.FromResult(new NicAttachment(request.DeviceId, request.Kind, request.HostDeviceName, _devices.Count + 10, request.GuestMac));
    }

    public Task RemoveInterfaceAsync(string hostDeviceName, CancellationToken cancellationToken)
    {
        _devices.Remove(hostDeviceName);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListManagedInterfacesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _devices.Keys]);

    /// <summary>A device left by an earlier agent for a VM that no longer exists.</summary>
    public void AddStray(string name) => _devices[name] = new NicRequest("stray", NicKind.Tap, name, "br0", "02:00:00:00:00:01");
}
