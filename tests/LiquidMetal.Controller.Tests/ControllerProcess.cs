using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Tests;

/// <summary>
/// The real liquidmetal-controller process, killable with SIGKILL: the binary LM_CONTROLLER_BINARY names (scripts/test.sh
/// sets it to the Native AOT controller), else the JIT build next to these tests (<see cref="RepoPaths.Controller"/>).
/// </summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    private readonly string[] _args;
    private Process? _process;

    /// <param name="sourceFolder">The folder to apply; null: only uploads through the API.</param>
    /// <param name="pkiKey">Give it a PKI encryption key (<see cref="KeyFile"/>); false: a controller with none.</param>
    /// <param name="extraArgs">More settings, e.g. <c>--Controller:BootstrapTokenTtl 00:01:00</c>.</param>
    public ControllerProcess(string stateDirectory, string? sourceFolder, bool pkiKey = true, params string[] extraArgs)
    {
        StateDirectory = stateDirectory;
        Port = FreePort();
        _args =
        [
            .. RepoPaths.Controller.LeadingArguments,
            "--state-dir", stateDirectory,
            .. sourceFolder is null ? Array.Empty<string>() : ["--source-folder", sourceFolder],
            "--poll-interval", "00:00:00.200",
            "--resync-interval", "00:00:00.500",
            "--host-grace-period", "00:10:00",
            "--listen", $"127.0.0.1:{Port}",
            .. pkiKey ? ["--pki-key-file", EnsureKeyFile(stateDirectory)] : Array.Empty<string>(),
            .. extraArgs,
        ];
    }

    /// <summary>The PKI encryption key file the controller seals cluster PKIs with: 32 random bytes, base64, mode 0600, kept across restarts.</summary>
    public string KeyFile => Path.Combine(StateDirectory, "pki.key");

    private static string EnsureKeyFile(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "pki.key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    public string StateDirectory { get; }
    public int Port { get; }
    public string DatabasePath => Path.Combine(StateDirectory, "controller.db");
    public string CaFile => Path.Combine(StateDirectory, "tls", "ca.crt");
    public string Token => File.ReadAllText(Path.Combine(StateDirectory, "token")).Trim();

    /// <summary>A TLS channel trusting the controller's generated CA, sending <paramref name="token"/> (default: the real one).</summary>
    public GrpcChannel Channel(string? token = null)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(CaFile);
        var ca = bundle[0];
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return cert is not null && chain.Build(new X509Certificate2(cert));
        };
        var secret = token ?? Token;
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress($"https://127.0.0.1:{Port}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials),
        });
    }

    /// <summary>Waits until the API answers its health check with SERVING (TLS material and token exist by then).</summary>
    public async Task WaitServingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        string? last = null;
        while (true)
        {
            try
            {
                if (File.Exists(Path.Combine(StateDirectory, "tls", "server.crt")))
                {
                    using var channel = Channel("health-needs-no-token");
                    var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
                    if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        return;
                    }

                    // An answer that is not SERVING is a reason too (it was the cause of a long hunt: with no health
                    // check registered the service answers UNKNOWN forever, while the last error said "refused").
                    last = $"health check answered {reply.Status}";
                }
            }
            catch (Exception e) when (e is RpcException or System.Security.Cryptography.CryptographicException or IOException)
            {
                last = e.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"controller did not start serving (exited: {_process?.HasExited}, last seen: {last}):\n" + Log);
            }

            await Task.Delay(100);
        }
    }

    public string LogFile => Path.Combine(Path.GetDirectoryName(StateDirectory)!, "controller.log");

    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public void Start()
    {
        // Output goes to a file through a shell redirect: no pipe the test must keep draining.
        var info = new ProcessStartInfo("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$@\" >>\"$LM_CONTROLLER_LOG\" 2>&1 </dev/null");
        info.ArgumentList.Add("sh");
        info.ArgumentList.Add(RepoPaths.Controller.FileName);
        foreach (var arg in _args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LM_CONTROLLER_LOG"] = LogFile;
        _process = Process.Start(info)!;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync() => new(KillAsync());

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
