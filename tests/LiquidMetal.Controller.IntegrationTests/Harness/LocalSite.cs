using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using LiquidMetal.Controller.Agents;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Manifests;
using LiquidMetal.Core.Vms;
using LiquidMetal.Testing.Agent;
using Xunit.Abstractions;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.IntegrationTests.Harness;

/// <summary>
/// The local site of scripts/run-local.sh, started and stopped through the same script (scripts/site/site.sh):
/// three agents (sled-1..3), each with its VMs' bridge, taps and QEMU processes in its own network namespace, and
/// the controller applying <see cref="FleetDirectory"/>, at most 2 VMs booting at once. Its namespaces are
/// "lm-e2e-sled-N" and its state is under /tmp/lm-e2e-site, fixed so that a run killed before its clean-up is
/// cleaned by the next (the script takes down a leftover of the same site first; boot tests run one at a time
/// under flock /tmp/lm-boot.lock). Every port is a free loopback port.
/// </summary>
internal sealed class LocalSite : IAsyncDisposable
{
    public const string Prefix = "lm-e2e";
    public const int MaxBooting = 2;

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(6);
    private readonly Dictionary<string, IHostAgentClient> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stopped = new(StringComparer.Ordinal);
    private readonly ITestOutputHelper _output;
    private readonly TimeSpan _gracePeriod;
    private GrpcChannel? _channel;

    public LocalSite(ITestOutputHelper output, TimeSpan gracePeriod)
    {
        _output = output;
        _gracePeriod = gracePeriod;
        var ports = FreePorts(Hosts.Count + 1);
        Ports = ports[..^1];
        ControllerPort = ports[^1];
        Directory.CreateDirectory(FleetDirectory);
    }

    public static string Root => "/tmp/lm-e2e-site";
    public static string FleetDirectory => Path.Combine(Root, "fleet");
    public static string ControllerLogFile => Path.Combine(Root, "logs", "controller.log");
    public static string Script => Path.Combine(RepoPaths.Root, "scripts", "site", "site.sh");

    public IReadOnlyList<string> Hosts { get; } = ["sled-1", "sled-2", "sled-3"];
    public IReadOnlyList<int> Ports { get; }
    public int ControllerPort { get; }

    public static string ControllerLog => File.Exists(ControllerLogFile) ? File.ReadAllText(ControllerLogFile) : "";

    /// <summary>The controller API with its generated CA and token (valid once <see cref="StartAsync"/> returned).</summary>
    public Wire.Controller.ControllerClient Controller => new(_channel ?? throw new InvalidOperationException("the site is not started"));

    /// <summary>Writes hosts.yaml: the three agents on their loopback ports, CA and token from their state directories.</summary>
    public void WriteHosts()
    {
        var hosts = string.Join("---\n", Hosts.Select((h, i) => string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: liquidmetal.dev/v1alpha1
            kind: Host
            metadata: { name: {{h}} }
            spec:
              role: kvm
              failureDomain: {{h}}
              agent: { endpoint: "127.0.0.1:{{Ports[i]}}", caFile: {{Root}}/{{h}}/tls/ca.crt, tokenFile: {{Root}}/{{h}}/token }
              overcommit: { cpu: 4.0, memory: 1.0 }

            """)));
        WriteFile("hosts.yaml", hosts);
    }

    /// <summary>Writes (atomically, as a Git checkout or an editor would) one manifest file of the fleet folder.</summary>
    public static void WriteFile(string name, string content)
    {
        var path = Path.Combine(FleetDirectory, name);
        File.WriteAllText(path + ".tmp", content);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void RemoveFile(string name) => File.Delete(Path.Combine(FleetDirectory, name));

    /// <summary>
    /// A cluster of development guests: <paramref name="controlPlane"/> control-plane nodes and a pool "vm" of
    /// <paramref name="workers"/>; <paramref name="tag"/> goes into the kernel command line (a new tag is a new machine spec).
    /// Each cluster's VIP comes from its name: two clusters may not share an endpoint.
    /// </summary>
    public static string Cluster(string name, int controlPlane, int workers, string tag = "a") => string.Create(CultureInfo.InvariantCulture, $$"""
        apiVersion: liquidmetal.dev/v1alpha1
        kind: Cluster
        metadata: { name: {{name}} }
        spec:
          kubernetes: { version: v1.30.14 }
          controlPlane:
            replicas: {{controlPlane}}
            endpoint: { vip: 10.200.{{VipOctet(name)}}.100 }
            allowOvercommit: true
            machine: { vcpus: 1, memoryMiB: 192, kernel: { image: vmlinuz, cmdline: { console: ttyS0, tag: {{tag}} } }, initrd: { image: initrd.img }, rootVolume: { image: rootfs.ext4 }, interfaces: [ { deviceId: eth0, type: tap } ] }
          workerPools:
            - { name: vm, replicas: {{workers}}, machine: { vcpus: 1, memoryMiB: 192, kernel: { image: vmlinuz, cmdline: { console: ttyS0, tag: {{tag}} } }, initrd: { image: initrd.img }, rootVolume: { image: rootfs.ext4 }, interfaces: [ { deviceId: eth0, type: tap } ] } }

        """);

    private static int VipOctet(string cluster) => 10 + (cluster.Sum(c => c) % 240);

    /// <summary>site.sh up: namespaces, bridges, agents, controller (taking down a leftover first); then the clients.</summary>
    public async Task StartAsync()
    {
        await RunScriptAsync("up");
        foreach (var (host, i) in Hosts.Select((h, i) => (h, i)))
        {
            _agents[host] = new GrpcHostAgentClientFactory(new HostAgentClientOptions { CallTimeout = TimeSpan.FromSeconds(20) }).Create(new HostAgentEndpoint(
                $"https://127.0.0.1:{Ports[i]}", Path.Combine(Root, host, "tls", "ca.crt"), (await File.ReadAllTextAsync(Path.Combine(Root, host, "token"))).Trim()));
        }

        _channel = ControllerChannel();
    }

    /// <summary>The server loses power: its agent and every process in its namespace (its QEMUs) get SIGKILL.</summary>
    public async Task StopHostAsync(string host)
    {
        await RunScriptAsync("stop-host", host);
        _stopped.Add(host);
    }

    public async Task StartHostAsync(string host)
    {
        await RunScriptAsync("start-host", host);
        _stopped.Remove(host);
    }

    /// <summary>site.sh down: every process, namespace, bridge, tap and state directory of the site removed.</summary>
    public Task StopAsync() => RunScriptAsync("down");

    /// <summary>The controller's VMs on every running host's agent (deleting ones included).</summary>
    public async Task<List<SiteVm>> VmsAsync()
    {
        var all = new List<SiteVm>();
        foreach (var (host, client) in _agents.Where(a => !_stopped.Contains(a.Key)))
        {
            foreach (var vm in await client.ListMicroVmsAsync(null, CancellationToken.None))
            {
                if (ObservedVm.From(host, vm) is { } observed)
                {
                    all.Add(new SiteVm(observed, vm));
                }
            }
        }

        return all;
    }

    public async Task<MicroVmDetails> DetailsAsync(SiteVm vm) => await _agents[vm.Host].GetMicroVmDetailsAsync(vm.Vm.Uid, CancellationToken.None);

    /// <summary>
    /// Null when the running agents hold exactly the declared fleet, Ready: every declared node (but
    /// <paramref name="absent"/>) has one live VM, with its current spec, whose guest has booted; control-plane
    /// nodes of a cluster on distinct hosts; no other live VM. Else what differs.
    /// </summary>
    public async Task<string?> DifferenceAsync(params string[] absent)
    {
        var fleet = FleetManifestLoader.LoadDirectory(FleetDirectory).GetFleetOrThrow();
        var expected = FleetNodes.Expand(fleet).Where(n => n.Machine is not null).Select(NodeVms.Build).ToDictionary(v => v.Node.Name, v => v.VmId);
        var live = (await VmsAsync()).Where(v => v.State != MicroVmState.Deleting).ToList();
        var problems = new List<string>();
        foreach (var group in live.GroupBy(v => v.Node))
        {
            if (!expected.TryGetValue(group.Key, out var id) || absent.Contains(group.Key))
            {
                problems.Add($"{group.Key} should have no VM but has {string.Join(", ", group.Select(v => $"{v.VmId} on {v.Host}"))}");
            }
            else if (group.Count() != 1 || group.Single().VmId != id)
            {
                problems.Add($"{group.Key}: {string.Join(", ", group.Select(v => $"{v.VmId} on {v.Host} ({v.State})"))} (want one {id})");
            }
            else if (group.Single().State != MicroVmState.Created)
            {
                problems.Add($"{group.Key}: {id} on {group.Single().Host} is {group.Single().State}");
            }
        }

        problems.AddRange(expected.Keys.Where(n => !absent.Contains(n) && live.All(v => v.Node != n)).Select(n => $"{n} has no VM"));
        foreach (var cluster in live.Where(v => v.Role == NodeRole.ControlPlane).GroupBy(v => v.Cluster))
        {
            if (cluster.Select(v => v.Host).Distinct().Count() != cluster.Count())
            {
                problems.Add($"{cluster.Key}: control-plane nodes share a host");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Polls <paramref name="condition"/> (null: done; else what is still missing) until done or the timeout.</summary>
    public async Task WaitAsync(string what, Func<Task<string?>> condition, TimeSpan? timeout = null, Func<Task>? each = null)
    {
        var started = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromMinutes(6); // generous: TCG guests on a loaded 2-core machine
        string? missing;
        while ((missing = await TryAsync(condition)) is not null)
        {
            if (started.Elapsed > limit)
            {
                Assert.Fail($"{what}: not reached within {limit.TotalSeconds} s: {missing}\n--- controller log (tail) ---\n{Tail(ControllerLog, 60)}");
            }

            if (each is not null)
            {
                await each();
            }

            await Task.Delay(250);
        }

        _output.WriteLine($"{started.Elapsed.TotalSeconds,6:F1} s  {what}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _agents.Values)
        {
            client.Dispose();
        }

        _channel?.Dispose();
        try
        {
            await StopAsync();
        }
        finally
        {
            // The logs stay for a failed run's post-mortem; state and namespaces are gone.
            foreach (var name in new[] { "fleet", "run" })
            {
                var dir = Path.Combine(Root, name);
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
    }

    private static async Task<string?> TryAsync(Func<Task<string?>> condition)
    {
        try
        {
            return await condition();
        }
        catch (Exception e) when (e is RpcException or HostAgentException or IOException)
        {
            return $"not answering yet ({e.GetType().Name}: {e.Message})";
        }
    }

    private async Task RunScriptAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["LM_SITE_ROOT"] = Root;
        info.Environment["LM_SITE_PREFIX"] = Prefix;
        info.Environment["LM_SITE_HOSTS"] = string.Join(' ', Hosts);
        info.Environment["LM_SITE_PORTS"] = string.Join(' ', Ports);
        info.Environment["LM_SITE_CONTROLLER_PORT"] = ControllerPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["LM_SITE_FLEET"] = FleetDirectory;
        info.Environment["LM_SITE_MAX_BOOTING"] = MaxBooting.ToString(CultureInfo.InvariantCulture);
        info.Environment["LM_SITE_GRACE"] = _gracePeriod.ToString("c", CultureInfo.InvariantCulture);
        info.Environment["LM_SITE_POLL"] = "00:00:01";
        info.Environment["LM_SITE_AGENT"] = RepoPaths.Agent.CommandLine;
        info.Environment["LM_SITE_CONTROLLER"] = RepoPaths.Controller.CommandLine;
        info.Environment["LM_GUEST_DIR"] = RepoPaths.GuestDirectory;
        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(ScriptTimeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        var output = await stdout + await stderr;
        _output.WriteLine($"site.sh {string.Join(' ', args)}: exit {process.ExitCode}\n{output.TrimEnd()}");
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"site.sh {string.Join(' ', args)} exited {process.ExitCode}: {output}");
        }
    }

    private GrpcChannel ControllerChannel()
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(Path.Combine(Root, "controller", "tls", "ca.crt"));
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
        var token = File.ReadAllText(Path.Combine(Root, "controller", "token")).Trim();
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(token)));
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress($"https://127.0.0.1:{ControllerPort}", new GrpcChannelOptions
        {
            HttpHandler = handler,
            Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, credentials),
        });
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    /// <summary>Distinct free loopback ports: every listener stays open until all are taken.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}
