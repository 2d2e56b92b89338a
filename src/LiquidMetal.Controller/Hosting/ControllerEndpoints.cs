using System.Net;
using System.Security.Authentication;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Hosting.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Hosting;

/// <summary>Kestrel: the controller API over HTTP/2 with TLS (generated CA by default), plaintext only with --insecure.</summary>
internal static partial class ControllerEndpoints
{
    public static void ConfigureControllerEndpoints(this IWebHostBuilder webHost, IConfiguration configuration)
    {
        webHost.ConfigureKestrel(kestrel =>
        {
            var options = configuration.GetSection("Controller").Get<ControllerOptions>() ?? new ControllerOptions();
            if (string.IsNullOrEmpty(options.Listen))
            {
                return;
            }

            kestrel.Listen(ListenEndpoint.Parse(options.Listen, "Controller:Listen", 9443), listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (!options.Insecure)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = TlsMaterial.LoadOrGenerate(options.TlsCertificate, options.TlsKey, options.StateDirectory, [], "controller"),
                        SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    });
                }
            });
        });
    }

    /// <summary>Opens the store and resolves the token before the first call, and says where clients find CA and token.</summary>
    public static void PrepareControllerState(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ControllerOptions>>().Value;
        app.Services.GetRequiredService<IControllerStore>();
        var token = app.Services.GetRequiredService<ApiToken>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LiquidMetal.Controller");
        var pki = app.Services.GetRequiredService<ControllerPki>();
        if (pki.Problem is { } problem)
        {
            LogNoPkiKey(logger, problem);
        }
        else
        {
            LogPkiKey(logger, pki.Options.EncryptionKeyFile);
        }

        LogStarting(logger, options.Listen, options.Insecure ? "plaintext (--insecure)" : "TLS", options.StateDirectory,
            options.SourceFolder ?? options.GitRepository ?? "uploads only (lm apply)");
        if (!options.Insecure && options.TlsCertificate is null)
        {
            var caFile = Path.Combine(options.StateDirectory, "tls", "ca.crt");
            LogGeneratedCa(logger, caFile);
        }

        if (token.Value is not null && options.Token is null)
        {
            var tokenFile = ApiToken.TokenPath(options.TokenFile, options.StateDirectory);
            LogTokenFile(logger, tokenFile);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting controller on {Listen} ({Transport}) with state in {StateDirectory}, desired state from {Source}")]
    private static partial void LogStarting(ILogger logger, string listen, string transport, string stateDirectory, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clients verify the controller with the generated CA {CaFile}")]
    private static partial void LogGeneratedCa(ILogger logger, string caFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clusters will be refused: {Problem}")]
    private static partial void LogNoPkiKey(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster PKIs are sealed with the key in {KeyFile}")]
    private static partial void LogPkiKey(ILogger logger, string keyFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clients authenticate with the token in {TokenFile}")]
    private static partial void LogTokenFile(ILogger logger, string tokenFile);
}
