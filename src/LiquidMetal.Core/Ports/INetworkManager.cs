namespace LiquidMetal.Core.Ports;

/// <summary>Host network devices for guest NICs: taps on a bridge, or macvtaps on a parent interface.</summary>
public interface INetworkManager
{
    /// <summary>Creates the device if missing, attaches it and sets it up; idempotent.</summary>
    /// <exception cref="NetworkException">The bridge or parent is missing, or the kind is not possible here.</exception>
    Task<NicAttachment> EnsureInterfaceAsync(NicRequest request, CancellationToken cancellationToken);

    /// <summary>Removes the device; a no-op when it does not exist.</summary>
    Task RemoveInterfaceAsync(string hostDeviceName, CancellationToken cancellationToken);

    /// <summary>Devices this agent created (by name prefix), to find orphans.</summary>
    Task<IReadOnlyList<string>> ListManagedInterfacesAsync(CancellationToken cancellationToken);
}

/// <param name="Parent">Bridge for a tap, parent interface for a macvtap.</param>
public sealed record NicRequest(string DeviceId, NicKind Kind, string HostDeviceName, string Parent, string GuestMac);
