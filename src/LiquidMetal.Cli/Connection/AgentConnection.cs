using Grpc.Core;
using Grpc.Net.Client;
using LiquidMetal.Api.Client;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;

namespace LiquidMetal.Cli.Connection;

/// <summary>A gRPC channel to one agent and the two clients on it (flintlock's MicroVM service and our HostAgent).</summary>
internal sealed class AgentConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    private AgentConnection(AgentSettings settings, GrpcChannel channel, CallInvoker invoker)
    {
        Settings = settings;
        _channel = channel;
        MicroVms = new MicroVM.MicroVMClient(invoker);
        HostAgent = new HostAgent.HostAgentClient(invoker);
    }

    public AgentSettings Settings { get; }

    public MicroVM.MicroVMClient MicroVms { get; }

    public HostAgent.HostAgentClient HostAgent { get; }

    /// <summary>Builds the channel; nothing is dialled until the first call.</summary>
    public static AgentConnection Create(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (channel, invoker) = GrpcClientChannel.Create(settings.Address.Server, Options(settings));
        return new AgentConnection(settings, channel, invoker);
    }

    internal static SocketsHttpHandler CreateHandler(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return GrpcClientChannel.CreateHandler(settings.Address.Server, Options(settings));
    }

    /// <summary>The shared channel's options: the CA (--ca-file) and client certificate only for TLS addresses, the token, Ctrl-C as cancellation.</summary>
    private static GrpcClientChannelOptions Options(AgentSettings settings) => new()
    {
        TrustedRoots = settings.Address.UsesTls && settings.CaFile is { } caFile ? TlsTrust.LoadCaBundle(caFile) : null,
        ClientCertificate = settings.Address.UsesTls && settings.CertFile is { } certFile ? TlsTrust.LoadClientCertificate(certFile, settings.KeyFile) : null,
        Token = settings.Token,
        ThrowOperationCanceledOnCancellation = true,
    };

    public void Dispose() => _channel.Dispose();
}
