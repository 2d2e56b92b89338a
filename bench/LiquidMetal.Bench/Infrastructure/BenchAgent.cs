using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Bench.Infrastructure;

/// <summary>
/// The real agent process (by default the Native AOT binary as deployed; TLS and token on, a temporary state
/// directory), started through the tests' <see cref="AgentLauncher"/>, with typed clients over its shared channel.
/// </summary>
public sealed class BenchAgent : IAsyncDisposable
{
    private readonly AgentLauncher _launcher;
    private readonly bool _reconciles;

    private BenchAgent(BenchNetwork network, bool reconciles, ServerExecutable executable, string[] extraArgs)
    {
        _reconciles = reconciles;
        _launcher = new AgentLauncher(network.Name, BenchNetwork.Bridge, RepoPaths.GuestDirectory, executable,
            [.. extraArgs, "--reconcile", reconciles ? "true" : "false"]);
    }

    public int Pid => _launcher.Pid ?? throw new InvalidOperationException("The agent is not running");
    public string StateDirectory => _launcher.StateDirectory;
    public string Log => _launcher.Log;
    public string Address => _launcher.Address;
    public string Token => _launcher.Token;

    /// <summary>The one long-lived channel (one HTTP/2 connection) that clients share, as a controller would.</summary>
    public GrpcChannel Channel => _launcher.Channel();

    public MicroVM.MicroVMClient MicroVms => new(Channel);
    public HostAgent.HostAgentClient Host => new(Channel);

    /// <summary>Agent CPU time (user + system) so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            using var process = Process.GetProcessById(Pid);
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The agent as deployed: the Native AOT binary from scripts/publish-agent.sh.</summary>
    public static ServerExecutable Deployed { get; } = ServerExecutable.Native(RepoPaths.AgentBinary);

    /// <summary>The JIT build of the same code, run by the dotnet host (a comparison row in the memory scenario).</summary>
    public static ServerExecutable Jit { get; } = ServerExecutable.Jit(RepoPaths.AgentDll);

    /// <summary>Starts the agent (<see cref="Deployed"/> unless told otherwise) and returns once its health service says SERVING.</summary>
    public static async Task<BenchAgent> StartAsync(BenchNetwork network, bool reconciles, ServerExecutable? executable = null, params string[] extraArgs)
    {
        executable ??= Deployed;
        if (!executable.Exists)
        {
            throw new FileNotFoundException($"The agent is not built: {executable.Description}. Run sudo ./scripts/setup.sh (it builds and publishes it).");
        }

        var agent = new BenchAgent(network, reconciles, executable, extraArgs);
        try
        {
            await agent._launcher.StartAsync();
        }
        catch
        {
            await agent._launcher.DisposeAsync();
            throw;
        }

        return agent;
    }

    /// <summary>A channel of its own (its own HTTP/2 connection), for comparing against the shared one.</summary>
    public GrpcChannel NewChannel() => _launcher.Channel(_launcher.Token);

    public async ValueTask DisposeAsync()
    {
        // With reconciliation on, delete every VM through the API so guests stop and their files go first.
        if (_reconciles && _launcher.Pid is not null)
        {
            try
            {
                var client = MicroVms;
                foreach (var vm in (await client.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm)
                {
                    await client.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = vm.Spec.Uid });
                }

                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline && (await client.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm.Count > 0)
                {
                    await Task.Delay(200);
                }
            }
            catch (RpcException)
            {
            }
        }

        await _launcher.DisposeAsync();
    }
}
