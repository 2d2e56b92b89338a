using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Core.Networking;
using LiquidMetal.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>
/// Guest NIC devices made with iproute2's <c>ip</c> command: taps on a bridge, macvtaps on a parent interface.
/// When <see cref="NetworkOptions.Namespace"/> is set every command runs as <c>ip -n NS ...</c> (the agent stays in
/// its own namespace; the VMs' network lives in that one). Reads use <c>ip -j</c> (JSON). Every name is checked
/// before it reaches a command line.
/// </summary>
public sealed partial class IpNetworkManager : INetworkManager
{
    private readonly NetworkOptions _options;
    private readonly ILogger<IpNetworkManager> _logger;
    private readonly IpCommand _ip;
    private readonly MacvtapDeviceNodes _deviceNodes;

    public IpNetworkManager(IOptions<NetworkOptions> options, ILogger<IpNetworkManager> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        if (_options.Namespace is { } ns && LinuxNames.CheckNamespace(ns) is { } problem)
        {
            throw new ArgumentException($"NetworkOptions.Namespace {problem}", nameof(options));
        }

        _ip = new IpCommand(_options.IpPath, _options.Namespace);
        _deviceNodes = new MacvtapDeviceNodes(_ip, _options.DeviceDirectory);
    }

    public async Task<NicAttachment> EnsureInterfaceAsync(NicRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckName(request.HostDeviceName, "host device name");
        if (LinuxNames.CheckMac(request.GuestMac) is { } macProblem)
        {
            throw new NetworkException($"Interface {request.DeviceId}: guest MAC {macProblem}") { IsPrecondition = true };
        }

        return request.Kind switch
        {
            NicKind.Tap => await EnsureTapAsync(request, ParentOf(request), cancellationToken).ConfigureAwait(false),
            NicKind.Macvtap => await EnsureMacvtapAsync(request, ParentOf(request), cancellationToken).ConfigureAwait(false),
            _ => throw new NetworkException($"Interface {request.DeviceId}: unknown kind {request.Kind}") { IsPrecondition = true },
        };
    }

    public async Task RemoveInterfaceAsync(string hostDeviceName, CancellationToken cancellationToken)
    {
        CheckName(hostDeviceName, "host device name");
        var link = await _ip.FindLinkAsync(hostDeviceName, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return;
        }

        var node = link.IsMacvtap ? await _deviceNodes.ReadKernelNumberAsync(link.Name, link.IfIndex, cancellationToken).ConfigureAwait(false) : null;
        LogRemoving(hostDeviceName, link.Kind ?? "device", _ip.Where);
        string[] arguments = ["link", "del", "dev", hostDeviceName];
        var result = await _ip.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !IpCommand.IsNoSuchDevice(result))
        {
            throw _ip.Failure(arguments, result);
        }

        if (node is { } number)
        {
            await _deviceNodes.RemoveIfStaleAsync(link.IfIndex, number, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Taps and macvtaps whose name starts with <see cref="InterfaceNames.Prefix"/>. Other kinds (the bridge, a parent,
    /// veths) are never listed even when their name has the prefix, so orphan clean-up cannot remove them.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListManagedInterfacesAsync(CancellationToken cancellationToken)
    {
        var links = await _ip.ListLinksAsync(cancellationToken).ConfigureAwait(false);
        return [.. links.Where(IsManaged).Select(l => l.Name).Order(StringComparer.Ordinal)];
    }

    internal static bool IsManaged(IpLink link) =>
        link.Name.StartsWith(InterfaceNames.Prefix, StringComparison.Ordinal) && (link.IsTap || link.IsMacvtap);

    private string ParentOf(NicRequest request)
    {
        var parent = request.Parent is { Length: > 0 } given ? given
            : request.Kind == NicKind.Tap ? _options.DefaultBridge
            : _options.DefaultMacvtapParent ?? throw new NetworkException(
                $"Interface {request.DeviceId} is a macvtap but names no parent interface and no default macvtap parent is configured")
            { IsPrecondition = true };
        CheckName(parent, request.Kind == NicKind.Tap ? "bridge name" : "macvtap parent name");
        return parent;
    }

    private async Task<NicAttachment> EnsureTapAsync(NicRequest request, string bridge, CancellationToken cancellationToken)
    {
        var name = request.HostDeviceName;
        var bridgeLink = await _ip.FindLinkAsync(bridge, cancellationToken).ConfigureAwait(false)
            ?? throw new NetworkException(
                $"Bridge '{bridge}' for tap {name} (interface {request.DeviceId}) does not exist in {_ip.Where}: create it " +
                $"('{_ip.Hint} link add {bridge} type bridge' then '{_ip.Hint} link set {bridge} up'), or name an existing bridge " +
                "(the interface's bridge_name, or the agent's default bridge setting)")
            { IsPrecondition = true };
        if (!bridgeLink.IsBridge)
        {
            throw new NetworkException(
                $"'{bridge}' in {_ip.Where} is a {bridgeLink.Kind ?? "physical"} device, not a bridge: a tap for interface {request.DeviceId} needs a bridge")
            { IsPrecondition = true };
        }

        if (!bridgeLink.IsUp)
        {
            LogBridgeDown(bridge, _ip.Where);
        }

        var link = await _ip.FindLinkAsync(name, cancellationToken).ConfigureAwait(false);
        if (link is not null && !link.IsTap)
        {
            LogReplacing(name, link.Kind ?? "device", "tap");
            await DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            link = null;
        }

        if (link is null)
        {
            LogCreatingTap(name, bridge, _ip.Where);
            string[] add = ["tuntap", "add", "dev", name, "mode", "tap", "vnet_hdr"];
            var result = await _ip.RunAsync(add, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded && !IpCommand.IsAlreadyExists(result))
            {
                throw _ip.Failure(add, result);
            }
        }

        if (link is null || link.Master != bridge || !link.IsUp)
        {
            await _ip.RunCheckedAsync(["link", "set", "dev", name, "master", bridge, "up"], cancellationToken).ConfigureAwait(false);
            link = await _ip.FindLinkAsync(name, cancellationToken).ConfigureAwait(false);
        }

        if (link is null || !link.IsTap || link.Master != bridge)
        {
            throw new NetworkException($"Tap {name} is not attached to bridge {bridge} in {_ip.Where} after setting it up (another process changed it?)");
        }

        return new NicAttachment(request.DeviceId, NicKind.Tap, name, link.IfIndex, request.GuestMac.ToLowerInvariant());
    }

    private async Task<NicAttachment> EnsureMacvtapAsync(NicRequest request, string parent, CancellationToken cancellationToken)
    {
        var name = request.HostDeviceName;
        var mac = request.GuestMac.ToLowerInvariant();
        _ = await _ip.FindLinkAsync(parent, cancellationToken).ConfigureAwait(false)
            ?? throw new NetworkException(
                $"Macvtap parent interface '{parent}' for interface {request.DeviceId} does not exist in {_ip.Where}: name an existing " +
                "interface (the interface's bridge_name, or the agent's default macvtap parent setting), or use a TAP interface")
            { IsPrecondition = true };

        var link = await _ip.FindLinkAsync(name, cancellationToken).ConfigureAwait(false);
        if (link is not null && !(link.IsMacvtap && link.Link == parent && link.Mode == "bridge"))
        {
            LogReplacing(name, link.Kind ?? "device", "macvtap");
            await DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            link = null;
        }

        if (link is null)
        {
            LogCreatingMacvtap(name, parent, _ip.Where);
            string[] add = ["link", "add", "link", parent, "name", name, "type", "macvtap", "mode", "bridge"];
            var result = await _ip.RunAsync(add, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded && !IpCommand.IsAlreadyExists(result))
            {
                throw IsUnsupported(result)
                    ? new NetworkException(
                        $"Macvtap is not possible on '{parent}' in {_ip.Where} ({result.Diagnostic}): this kernel lacks macvtap support " +
                        "(module macvtap) or the parent cannot carry one; use a TAP interface on a bridge instead")
                    { IsPrecondition = true }
                    : _ip.Failure(add, result);
            }

            link = await _ip.FindLinkAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new NetworkException($"Macvtap {name} vanished right after it was created in {_ip.Where}");
        }

        var set = new List<string> { "link", "set", "dev", name };
        if (!string.Equals(link.Address, mac, StringComparison.OrdinalIgnoreCase))
        {
            set.AddRange(["address", mac]);
        }

        if (!link.IsUp)
        {
            set.Add("up");
        }

        if (set.Count > 4)
        {
            await _ip.RunCheckedAsync(set, cancellationToken).ConfigureAwait(false);
        }

        if (await _deviceNodes.EnsureAsync(name, link.IfIndex, cancellationToken).ConfigureAwait(false))
        {
            LogMadeDeviceNode(link.IfIndex, name);
        }

        return new NicAttachment(request.DeviceId, NicKind.Macvtap, name, link.IfIndex, mac);
    }

    private async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        string[] arguments = ["link", "del", "dev", name];
        var result = await _ip.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && !IpCommand.IsNoSuchDevice(result))
        {
            throw _ip.Failure(arguments, result);
        }
    }

    private static bool IsUnsupported(ProcessResult result) =>
        result.StandardError.Contains("Unknown device type", StringComparison.Ordinal)
        || result.StandardError.Contains("not supported", StringComparison.OrdinalIgnoreCase)
        || result.StandardError.Contains("Invalid argument", StringComparison.Ordinal);

    private static void CheckName(string? name, string what)
    {
        if (LinuxNames.CheckInterface(name) is { } problem)
        {
            throw new NetworkException($"The {what} {problem}") { IsPrecondition = true };
        }
    }
}
