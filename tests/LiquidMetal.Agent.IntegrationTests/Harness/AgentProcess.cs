using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Agent.IntegrationTests.Harness;

/// <summary>A real agent process serving VMs in a <see cref="TestNetwork"/>, with typed API clients.</summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly AgentLauncher _launcher;

    private AgentProcess(TestNetwork network, string imagesDirectory, string[] extraArgs)
    {
        Network = network;
        _launcher = new AgentLauncher(network.Name, TestNetwork.Bridge, imagesDirectory, RepoPaths.Agent, extraArgs);
    }

    public TestNetwork Network { get; }
    public string StateDirectory => _launcher.StateDirectory;
    public string Address => _launcher.Address;
    public string CaFile => _launcher.CaFile;
    public string TokenFile => _launcher.TokenFile;
    public string Log => _launcher.Log;

    public MicroVM.MicroVMClient MicroVms => new(_launcher.Channel());
    public HostAgent.HostAgentClient Host => new(_launcher.Channel());

    public static Task<AgentProcess> StartAsync(TestNetwork network, params string[] extraArgs) =>
        StartAsync(network, null, extraArgs);

    public static async Task<AgentProcess> StartAsync(TestNetwork network, X509Certificate2? clientCertificate, params string[] extraArgs)
    {
        var agent = new AgentProcess(network, RepoPaths.GuestDirectory, extraArgs);
        agent._launcher.ClientCertificate = clientCertificate;
        await agent.StartAsync();
        return agent;
    }

    /// <summary>An agent whose images directory (kernels, initrds, root volumes named in specs) is <paramref name="imagesDirectory"/>.</summary>
    public static async Task<AgentProcess> StartWithImagesAsync(TestNetwork network, string imagesDirectory, params string[] extraArgs)
    {
        var agent = new AgentProcess(network, imagesDirectory, extraArgs);
        await agent.StartAsync();
        return agent;
    }

    public Task StartAsync() => _launcher.StartAsync();

    public Task KillAsync() => _launcher.KillAsync();

    /// <summary>The VM's serial console as buffered by the agent (no follow).</summary>
    public async Task<string> ReadConsoleAsync(string uid)
    {
        using var call = Host.StreamConsole(new StreamConsoleRequest { Uid = uid });
        var text = new System.Text.StringBuilder();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            text.Append(chunk.Data.ToStringUtf8());
        }

        return text.ToString();
    }

    /// <summary>The token header, for channels built by hand.</summary>
    public Metadata Auth() => _launcher.Auth();

    public GrpcChannel Channel(string? token = null, bool trustCa = true, X509Certificate2? clientCertificate = null, bool presentCertificate = true) =>
        _launcher.Channel(token, trustCa, clientCertificate, presentCertificate);

    public async ValueTask DisposeAsync()
    {
        // Delete every VM through the API so guests stop gracefully and devices go, then stop the agent.
        if (_launcher.Pid is not null)
        {
            try
            {
                foreach (var vm in (await MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm)
                {
                    await MicroVms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = vm.Spec.Uid });
                }

                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (DateTime.UtcNow < deadline && (await MicroVms.ListMicroVMsAsync(new ListMicroVMsRequest())).Microvm.Count > 0)
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
