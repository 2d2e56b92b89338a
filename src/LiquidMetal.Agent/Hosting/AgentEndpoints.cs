using System.Net;
using System.Security.Authentication;
using LiquidMetal.Hosting.Security;
using LiquidMetal.Core.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Hosting;

/// <summary>Kestrel endpoints: HTTP/2 over TLS (optionally mTLS) on TCP, plaintext only with --insecure, and an optional unix socket.</summary>
internal static partial class AgentEndpoints
{
    public static void ConfigureAgentEndpoints(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        webHost.ConfigureKestrel(kestrel =>
        {
            var agent = configuration.GetSection("Agent").Get<AgentOptions>() ?? new AgentOptions();
            if (!string.IsNullOrEmpty(agent.Listen))
            {
                var endpoint = ListenEndpoint.Parse(agent.Listen, "Agent:Listen", 9090);
                kestrel.Listen(endpoint, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    if (!agent.Insecure)
                    {
                        UseTls(listen, agent);
                    }
                });
            }

            if (!string.IsNullOrEmpty(agent.UnixSocket))
            {
                if (File.Exists(agent.UnixSocket))
                {
                    File.Delete(agent.UnixSocket);
                }

                // Local clients on the host; file permissions on the socket guard it, and the token still applies.
                kestrel.ListenUnixSocket(agent.UnixSocket, listen => listen.Protocols = HttpProtocols.Http2);
            }
        });
    }

    /// <summary>Opens the store and logs where clients find the CA and token, before the first call.</summary>
    public static void PrepareAgentState(this WebApplication app)
    {
        var agent = app.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
        var store = app.Services.GetRequiredService<IVmStore>();
        app.Services.GetRequiredService<ApiToken>(); // resolves (and generates) the token before the first call
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LiquidMetal.Agent");
        var transport = agent.Insecure ? "plaintext (--insecure)" : "TLS";
        var vmCount = store.Snapshot().Vms.Count;
        LogStarting(logger, agent.Listen, transport, vmCount, agent.StateDirectory);
        if (!agent.Insecure && agent.TlsCertificate is null)
        {
            var caFile = Path.Combine(agent.StateDirectory, "tls", "ca.crt");
            LogGeneratedCa(logger, caFile);
        }

        if (!agent.DisableAuth && agent.Token is null)
        {
            var tokenFile = ApiToken.TokenPath(agent.TokenFile, agent.StateDirectory);
            LogTokenFile(logger, tokenFile);
        }
    }

    private static void UseTls(ListenOptions listen, AgentOptions agent)
    {
        var certificate = TlsMaterial.LoadOrGenerate(agent.TlsCertificate, agent.TlsKey, agent.StateDirectory, agent.TlsSubjectAlternativeNames, "agent");
        var clientCa = agent.ClientCa is null ? null : TlsMaterial.LoadCaBundle(agent.ClientCa);
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = clientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = clientCa is null ? null : (cert, _, _) => TlsMaterial.IsSignedBy(cert, clientCa),
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting agent on {Listen} ({Transport}) with {VmCount} stored VMs in {StateDirectory}")]
    private static partial void LogStarting(ILogger logger, string listen, string transport, int vmCount, string stateDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clients verify the agent with the generated CA {CaFile}")]
    private static partial void LogGeneratedCa(ILogger logger, string caFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clients authenticate with the token in {TokenFile}")]
    private static partial void LogTokenFile(ILogger logger, string tokenFile);
}
