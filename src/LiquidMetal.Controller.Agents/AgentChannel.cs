using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using LiquidMetal.Api.Client;
using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Agents;

/// <summary>Builds the gRPC channel to one agent (the shared <see cref="GrpcClientChannel"/>): address, TLS trusting the host's CA, the token on every call.</summary>
internal static class AgentChannel
{
    public static (GrpcChannel Channel, CallInvoker Invoker) Create(HostAgentEndpoint endpoint, HostAgentClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        var address = AgentAddress.Parse(endpoint.Address, endpoint.Insecure);
        return GrpcClientChannel.Create(address, new GrpcClientChannelOptions
        {
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            TrustedRoots = !endpoint.Insecure && endpoint.CaFile is { } caFile ? LoadCa(caFile) : null,
            Token = endpoint.Token,
            // Cancelled and DeadlineExceeded stay RpcExceptions so the two can be told apart.
            ThrowOperationCanceledOnCancellation = false,
        });
    }

    private static X509Certificate2Collection LoadCa(string caFile)
    {
        try
        {
            var bundle = CaTrust.LoadBundle(caFile);
            return bundle.Count > 0
                ? bundle
                : throw new HostAgentException(HostAgentErrorCode.InvalidConfiguration, $"The agent CA file {caFile} holds no PEM certificate");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new HostAgentException(HostAgentErrorCode.InvalidConfiguration,
                $"Cannot load the agent CA file {caFile}: {e.Message}; give the PEM CA that signed the agent's certificate (the agent writes it to <state>/tls/ca.crt)", e);
        }
    }
}
