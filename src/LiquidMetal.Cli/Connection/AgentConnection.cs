using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;

namespace LiquidMetal.Cli.Connection;

/// <summary>A gRPC channel to one agent and the two clients on it (flintlock's MicroVM service and our HostAgent).</summary>
internal sealed class AgentConnection : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

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
        var handler = CreateHandler(settings);
        var channel = GrpcChannel.ForAddress(settings.Address.ChannelUri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,
        });

        var invoker = channel.CreateCallInvoker();
        if (settings.AuthorizationHeader is { } authorization)
        {
            // Added as plain metadata rather than CallCredentials, which gRPC refuses on plaintext channels.
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", authorization);
                return metadata;
            });
        }

        return new AgentConnection(settings, channel, invoker);
    }

    internal static SocketsHttpHandler CreateHandler(AgentSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };

        if (settings.Address.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixSocketAsync(socketPath, cancellationToken);
        }

        if (settings.Address.UsesTls)
        {
            var tls = new SslClientAuthenticationOptions();
            if (settings.CaFile is { } caFile)
            {
                tls.RemoteCertificateValidationCallback = TlsTrust.TrustRoots(TlsTrust.LoadCaBundle(caFile));
            }

            if (settings.CertFile is { } certFile)
            {
                tls.ClientCertificates = new X509CertificateCollection { TlsTrust.LoadClientCertificate(certFile, settings.KeyFile) };
            }

            handler.SslOptions = tls;
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectUnixSocketAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException) when (!File.Exists(path))
        {
            // .NET reports a missing socket file as "Cannot assign requested address"; say what is wrong.
            socket.Dispose();
            throw new IOException($"no socket at {path}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _channel.Dispose();
}
