using System.Security.Cryptography;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Bench.Infrastructure;

/// <summary>
/// A network namespace with a bridge for the agent's VM network, made for this run and deleted (with every device
/// in it) at the end. No benchmark VM has a network interface; the agent only needs the namespace to exist.
/// </summary>
public sealed class BenchNetwork : IAsyncDisposable
{
    public const string Bridge = "lmbr0";

    private BenchNetwork(string name) => Name = name;

    public string Name { get; }

    public static async Task<BenchNetwork> CreateAsync()
    {
        var network = new BenchNetwork("lmbench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));
        try
        {
            await Shell.CheckAsync("ip", "netns", "add", network.Name);
            await Shell.CheckAsync("ip", "-n", network.Name, "link", "set", "lo", "up");
            await Shell.CheckAsync("ip", "-n", network.Name, "link", "add", Bridge, "type", "bridge");
            await Shell.CheckAsync("ip", "-n", network.Name, "link", "set", Bridge, "up");
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        return network;
    }

    public async ValueTask DisposeAsync() => await Shell.RunAsync("ip", "netns", "del", Name);
}
