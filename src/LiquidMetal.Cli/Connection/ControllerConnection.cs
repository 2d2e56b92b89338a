using Grpc.Net.Client;
using LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Cli.Connection;

/// <summary>A gRPC channel to the controller and the Controller API client on it.</summary>
internal sealed class ControllerConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    private ControllerConnection(ControllerSettings settings, GrpcChannel channel, Controller.ControllerClient client)
    {
        Settings = settings;
        _channel = channel;
        Client = client;
    }

    public ControllerSettings Settings { get; }

    public Controller.ControllerClient Client { get; }

    /// <summary>Builds the channel; nothing is dialled until the first call.</summary>
    public static ControllerConnection Create(ControllerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var roots = settings.CaFile is { } caFile ? TlsTrust.LoadCaBundle(caFile, "--controller-ca", "controller") : null;
        var handler = AgentConnection.CreateHandler(settings.Address, roots, certFile: null, keyFile: null);
        var (channel, invoker) = AgentConnection.CreateChannel(settings.Address, handler, settings.AuthorizationHeader);
        return new ControllerConnection(settings, channel, new Controller.ControllerClient(invoker));
    }

    public void Dispose() => _channel.Dispose();
}
