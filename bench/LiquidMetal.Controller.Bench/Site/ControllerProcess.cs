using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LiquidMetal.Testing.Agent;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.Bench.Site;

/// <summary>
/// The real liquidmetal-controller process (<paramref name="executable"/>: the Native AOT binary or the JIT build) with
/// its defaults (TLS, a generated token, resync every 5 s) over a state directory and, optionally, a folder of manifests.
/// </summary>
internal sealed class ControllerProcess(ServerExecutable executable, string stateDirectory, string? sourceFolder, string pkiKeyFile) : IAsyncDisposable
{
    private readonly string _stateDirectory = stateDirectory;
    private readonly string? _sourceFolder = sourceFolder;
    private readonly int _port = FreePort();
    private Process? _process;

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");
    public string LogFile => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_stateDirectory))!, "controller-" + Path.GetFileName(_stateDirectory) + ".log");
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    public void Start()
    {
        // Output goes to a file through a shell redirect (exec keeps the pid): no pipe to keep draining.
        var info = new ProcessStartInfo("/bin/sh");
        foreach (var arg in (string[])["-c", "exec \"$@\" >>\"$LM_CONTROLLER_LOG\" 2>&1 </dev/null", "sh", executable.FileName, .. executable.LeadingArguments,
                     "--state-dir", _stateDirectory, "--listen", $"127.0.0.1:{_port}", "--pki-key-file", pkiKeyFile,
                     .. _sourceFolder is null ? Array.Empty<string>() : ["--source-folder", _sourceFolder]])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LM_CONTROLLER_LOG"] = LogFile;
        _process = Process.Start(info)!;
    }

    /// <summary>
    /// The PKI encryption key (32 random bytes, base64, mode 0600) in the state directory: without one the controller
    /// refuses every fleet with microVM clusters.
    /// </summary>

    /// <summary>Waits until the API answers, then follows <c>Apply</c> (no files: the applied state) until a round reports the fleet converged.</summary>
    public async Task WaitConvergedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string? lastError = null;
        while (true)
        {
            try
            {
                if (_process!.HasExited)
                {
                    throw new InvalidOperationException($"the controller exited with {_process.ExitCode}:\n{Log}");
                }

                if (File.Exists(Path.Combine(_stateDirectory, "token")) && File.Exists(Path.Combine(_stateDirectory, "tls", "ca.crt")))
                {
                    using var channel = Channel();
                    var client = new Wire.Controller.ControllerClient(channel);
                    using var call = client.Apply(new Wire.ApplyRequest(), cancellationToken: deadline.Token);
                    await foreach (var progress in call.ResponseStream.ReadAllAsync(deadline.Token))
                    {
                        lastError = $"{progress.Actions.Count} actions, {progress.Waiting.Count} waiting, {progress.MachinesReady} of {progress.Machines} machines ready";
                        if (progress.Converged)
                        {
                            return;
                        }
                    }
                }
            }
            catch (RpcException e) when (!deadline.IsCancellationRequested)
            {
                lastError = e.Status.Detail;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the controller did not converge within {timeout} (last: {lastError}):\n{Tail(Log)}");
            }
            catch (RpcException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the controller did not converge within {timeout} (last: {lastError}):\n{Tail(Log)}");
            }

            await Task.Delay(500, deadline.Token);
        }
    }

    /// <summary>Waits until the API answers (a health check over TLS).</summary>
    public async Task WaitServingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? lastError = null;
        while (true)
        {
            try
            {
                if (File.Exists(Path.Combine(_stateDirectory, "tls", "server.crt")))
                {
                    using var channel = Channel("health-needs-no-token");
                    // Any answer will do: the health status stays Unknown until the health publisher's first run.
                    await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
                    return;
                }
            }
            catch (Exception e) when (e is RpcException or System.Security.Cryptography.CryptographicException or IOException)
            {
                lastError = e.Message;
            }

            if (DateTime.UtcNow > deadline || _process!.HasExited)
            {
                throw new TimeoutException($"the controller did not start serving (last error: {lastError}):\n{Tail(Log)}");
            }

            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    private GrpcChannel Channel(string? token = null)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(Path.Combine(_stateDirectory, "tls", "ca.crt"));
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
        var secret = token ?? File.ReadAllText(Path.Combine(_stateDirectory, "token")).Trim();
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress($"https://127.0.0.1:{_port}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials),
        });
    }

    private static string Tail(string log) => log.Length <= 4000 ? log : log[^4000..];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
