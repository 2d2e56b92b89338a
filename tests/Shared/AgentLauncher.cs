using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace LiquidMetal.Testing.Agent;

/// <summary>
/// A real agent process (TLS and token on, as by default) over a temporary state directory, serving VMs
/// whose network lives in a test network namespace. It can be killed with SIGKILL and started again.
/// Shared as source by test projects that must not see each other's generated API types.
/// </summary>
public sealed class AgentLauncher : IAsyncDisposable
{
    private string[] _extraArgs;
    private readonly string _bridge;
    private readonly string _guestDirectory;
    private readonly ServerExecutable _agent;
    private readonly StringBuilder _log = new();
    private Process? _process;
    private GrpcChannel? _channel;

    public AgentLauncher(string networkNamespace, string bridge, string guestDirectory, ServerExecutable agent, params string[] extraArgs)
    {
        NetworkNamespace = networkNamespace;
        _bridge = bridge;
        _guestDirectory = guestDirectory;
        _agent = agent;
        _extraArgs = extraArgs;
        StateDirectory = Directory.CreateTempSubdirectory("lm-agent-").FullName;
        Port = FreePort();
    }

    public string NetworkNamespace { get; private set; }
    public string StateDirectory { get; }
    public int Port { get; }
    public string Address => $"https://127.0.0.1:{Port}";
    public string CaFile => Path.Combine(StateDirectory, "tls", "ca.crt");
    public string TokenFile => Path.Combine(StateDirectory, "token");
    public string Token => File.ReadAllText(TokenFile).Trim();
    public int? Pid => _process?.Id;

    /// <summary>Presented by the default channel (for an agent started with --client-ca).</summary>
    public X509Certificate2? ClientCertificate { get; set; }
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(_agent.FileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            .. _agent.LeadingArguments,
            "--state-dir", StateDirectory,
            "--images-dir", _guestDirectory,
            "--listen", $"127.0.0.1:{Port}",
            "--netns", NetworkNamespace,
            "--bridge", _bridge,
            "--Reconciler:MaxAttempts", "2",
            "--Reconciler:BackoffInitial", "00:00:00.500",
            "--Reconciler:PowerButtonTimeout", "00:00:05",
            .. _extraArgs,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            await WaitHealthyAsync();
        }
        catch
        {
            await KillAsync(); // never leave an agent behind a failed start
            throw;
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }

        _channel?.Dispose();
        _channel = null;
    }

    public async Task RestartAsync()
    {
        await KillAsync();
        await StartAsync();
    }

    /// <summary>Restarts over the same state with another network namespace and other extra arguments (e.g. reconciliation on).</summary>
    public async Task RestartAsync(string networkNamespace, params string[] extraArgs)
    {
        await KillAsync();
        NetworkNamespace = networkNamespace;
        _extraArgs = extraArgs;
        await StartAsync();
    }

    public Metadata Auth() => new() { { "authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)) } };

    public GrpcChannel Channel(string? token = null, bool trustCa = true, X509Certificate2? clientCertificate = null, bool presentCertificate = true)
    {
        if (token is null && trustCa && clientCertificate is null && presentCertificate && _channel is not null)
        {
            return _channel;
        }

        var handler = new SocketsHttpHandler();
        if (trustCa)
        {
            var bundle = new X509Certificate2Collection();
            bundle.ImportFromPemFile(CaFile);
            var ca = bundle[0];
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return cert is not null && chain.Build(new X509Certificate2(cert));
            };
        }

        if (presentCertificate && (clientCertificate ?? ClientCertificate) is { } presented)
        {
            handler.SslOptions.ClientCertificates = [presented];
        }

        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token ?? Token)));
            return Task.CompletedTask;
        });
        var channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials),
        });
        if (token is null && trustCa && clientCertificate is null && presentCertificate)
        {
            _channel = channel;
        }

        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        foreach (var pid in ProcessesMatching(StateDirectory))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
        }

        Directory.Delete(StateDirectory, recursive: true);
    }

    /// <summary>Pids of processes (not dotnet) whose command line contains <paramref name="needle"/>.</summary>
    public static IReadOnlyList<int> ProcessesMatching(string needle)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(needle, StringComparison.Ordinal) && !cmdline.Contains("dotnet", StringComparison.Ordinal))
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return pids;
    }

    private async Task WaitHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"The agent exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if (File.Exists(CaFile) && File.Exists(TokenFile))
                {
                    var health = new Health.HealthClient(Channel());
                    var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                    if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        return;
                    }
                }
            }
            catch (RpcException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The agent did not become healthy:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
