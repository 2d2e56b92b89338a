using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>
/// The /dev/tapINDEX character device a VMM opens for a macvtap. udev (or devtmpfs) normally makes it; when neither
/// did, it is made with mknod from the number in the macvtap's sysfs entry. /dev is not per network namespace while
/// interface indexes are, so a node can belong to another namespace's macvtap: that is detected, never overwritten.
/// </summary>
internal sealed class MacvtapDeviceNodes(IpCommand ip, string deviceDirectory)
{
    public string PathFor(int ifIndex) => Path.Combine(deviceDirectory, $"tap{ifIndex}");

    /// <summary>The device number the kernel gave the macvtap, read from sysfs inside its namespace; null when absent.</summary>
    public async Task<DeviceNumber?> ReadKernelNumberAsync(string name, int ifIndex, CancellationToken cancellationToken) =>
        DeviceNumber.ParseSysfs(await ip.ReadNamespaceFileAsync($"/sys/class/net/{name}/macvtap/tap{ifIndex}/dev", cancellationToken).ConfigureAwait(false));

    /// <summary>Makes sure /dev/tapINDEX exists and is the macvtap's device; returns true when it had to be made.</summary>
    public async Task<bool> EnsureAsync(string name, int ifIndex, CancellationToken cancellationToken)
    {
        var wanted = await ReadKernelNumberAsync(name, ifIndex, cancellationToken).ConfigureAwait(false)
            ?? throw new NetworkException($"Macvtap {name} (index {ifIndex}) has no character device in sysfs of {ip.Where}");
        var path = PathFor(ifIndex);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var existing = await StatAsync(path, cancellationToken).ConfigureAwait(false);
            if (existing == wanted)
            {
                return attempt > 0;
            }

            if (existing is { } other)
            {
                if (Directory.Exists($"/sys/dev/char/{other}"))
                {
                    throw new NetworkException(
                        $"{path} is device {other} of another live macvtap, not {wanted} of {name}: interface indexes repeat across network namespaces while /dev does not; remove the other macvtap or recreate this one");
                }

                // Left over from a macvtap that is gone (made by mknod, so nothing removed it).
                File.Delete(path);
            }
            else if (File.Exists(path) || Directory.Exists(path))
            {
                throw new NetworkException($"{path} exists and is not a character device; remove it");
            }

            var result = await RunAsync("mknod", ["-m", "0600", path, "c", wanted.Major.ToString(System.Globalization.CultureInfo.InvariantCulture), wanted.Minor.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded && !result.StandardError.Contains("File exists", StringComparison.Ordinal))
            {
                throw new NetworkException($"Cannot create {path} (c {wanted}) for macvtap {name}: {result.Diagnostic}");
            }
        }

        throw new NetworkException($"{path} keeps changing under the agent while it is made for macvtap {name}");
    }

    /// <summary>Removes /dev/tapINDEX when it still is the given device (a node devtmpfs did not remove).</summary>
    public async Task RemoveIfStaleAsync(int ifIndex, DeviceNumber number, CancellationToken cancellationToken)
    {
        var path = PathFor(ifIndex);
        if (await StatAsync(path, cancellationToken).ConfigureAwait(false) == number && !Directory.Exists($"/sys/dev/char/{number}"))
        {
            File.Delete(path);
        }
    }

    /// <summary>The device number of the character device at <paramref name="path"/>; null when missing or not a character device.</summary>
    private static async Task<DeviceNumber?> StatAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var result = await RunAsync("stat", ["-c", "%F:%t:%T", path], cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? DeviceNumber.ParseStat(result.StandardOutput) : null;
    }

    private static async Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ProcessRunner.RunAsync(tool, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolNotFoundException ex)
        {
            throw new NetworkException($"{ex.Message}: install coreutils", ex) { IsPrecondition = true };
        }
    }
}
