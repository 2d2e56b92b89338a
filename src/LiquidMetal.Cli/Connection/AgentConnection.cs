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
        var (channel, invoker) = CreateChannel(settings.Address, CreateHandler(settings), settings.AuthorizationHeader);
        return new AgentConnection(settings, channel, invoker);
    }

    /// <summary>A channel over <paramref name="handler"/> whose calls carry <paramref name="authorization"/> (when set).</summary>
    internal static (GrpcChannel Channel, CallInvoker Invoker) CreateChannel(AgentAddress address, SocketsHttpHandler handler, string? authorization)
    {
        var channel = GrpcChannel.ForAddress(address.ChannelUri, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            ThrowOperationCanceledOnCancellation = true,
        });

        var invoker = channel.CreateCallInvoker();
        if (authorization is not null)
        {
            // Added as plain metadata rather than CallCredentials, which gRPC refuses on plaintext channels.
            invoker = invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", authorization);
                return metadata;
            });
        }

        return (channel, invoker);
    }

    internal static SocketsHttpHandler CreateHandler(AgentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return CreateHandler(settings.Address, settings.CaFile is { } caFile ? TlsTrust.LoadCaBundle(caFile) : null, settings.CertFile, settings.KeyFile);
    }

    /// <summary>HTTP/2 with keep-alive pings; TLS trusting <paramref name="roots"/> (and the system's) for https addresses.</summary>
    internal static SocketsHttpHandler CreateHandler(AgentAddress address, X509Certificate2Collection? roots, string? certFile, string? keyFile)
    {
        ArgumentNullException.ThrowIfNull(address);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };

        if (address.SocketPath is { } socketPath)
        {
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixSocketAsync(socketPath, cancellationToken);
        }

        if (address.UsesTls)
        {
            var tls = new SslClientAuthenticationOptions();
            if (roots is not null)
            {
                tls.RemoteCertificateValidationCallback = TlsTrust.TrustRoots(roots);
            }

            if (certFile is not null)
            {
                tls.ClientCertificates = new X509CertificateCollection { TlsTrust.LoadClientCertificate(certFile, keyFile) };
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
