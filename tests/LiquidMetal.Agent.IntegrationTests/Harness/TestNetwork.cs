using System.Security.Cryptography;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Agent.IntegrationTests.Harness;

/// <summary>
/// A network namespace with a bridge, standing in for a host's VM network. Every address used lives
/// only inside it; it is removed (with every device in it) on dispose.
/// </summary>
public sealed class TestNetwork : IAsyncDisposable
{
    public const string Bridge = "lmbr0";

    private TestNetwork(string name, int subnet)
    {
        Name = name;
        Subnet = subnet;
    }

    public string Name { get; }
    public int Subnet { get; }
    public string Gateway => $"10.213.{Subnet}.1";

    public string GuestAddress(int host) => $"10.213.{Subnet}.{host}";

    /// <param name="subnet">The third octet of 10.213.N.0/24; random in 1-249 when not given (250-254 are left for tests that pick one).</param>
    public static async Task<TestNetwork> CreateAsync(int? subnet = null)
    {
        var name = "lmit-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var network = new TestNetwork(name, subnet ?? RandomNumberGenerator.GetInt32(1, 250));
        await Shell.CheckAsync("ip", "netns", "add", name);
        await Shell.CheckAsync("ip", "-n", name, "link", "set", "lo", "up");
        await Shell.CheckAsync("ip", "-n", name, "link", "add", Bridge, "type", "bridge");
        await Shell.CheckAsync("ip", "-n", name, "addr", "add", $"{network.Gateway}/24", "dev", Bridge);
        await Shell.CheckAsync("ip", "-n", name, "link", "set", Bridge, "up");
        return network;
    }

    /// <summary>
    /// A veth pair for MACVTAP guests: "lmp0" is the macvtap parent, its peer "lmpeer" carries
    /// 10.214.N.1/24 so the host side can reach guests on the parent's wire.
    /// </summary>
    public async Task<(string Parent, string PeerAddress)> AddMacvtapParentAsync()
    {
        await Shell.CheckAsync("ip", "-n", Name, "link", "add", "lmp0", "type", "veth", "peer", "name", "lmpeer");
        await Shell.CheckAsync("ip", "-n", Name, "addr", "add", $"10.214.{Subnet}.1/24", "dev", "lmpeer");
        await Shell.CheckAsync("ip", "-n", Name, "link", "set", "lmp0", "up");
        await Shell.CheckAsync("ip", "-n", Name, "link", "set", "lmpeer", "up");
        return ("lmp0", $"10.214.{Subnet}.1");
    }

    /// <summary>Names of the agent-made devices (prefix "lm", not the bridge) in the namespace.</summary>
    public async Task<IReadOnlyList<string>> AgentDevicesAsync()
    {
        var output = await Shell.CheckAsync("ip", "-n", Name, "-o", "link", "show");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 3)[1].Trim().Split('@')[0])
            .Where(dev => dev.StartsWith("lm", StringComparison.Ordinal) && dev is not (Bridge or "lmp0" or "lmpeer"))];
    }

    /// <summary>Pings a guest from the host side of the bridge (busybox ping: Debian's iputils is not installed).</summary>
    public async Task<bool> PingAsync(string address)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var (code, _) = await Shell.RunAsync("ip", "netns", "exec", Name, "busybox", "ping", "-c", "1", "-W", "2", address);
            if (code == 0)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    public async ValueTask DisposeAsync() => await Shell.RunAsync("ip", "netns", "del", Name);
}
