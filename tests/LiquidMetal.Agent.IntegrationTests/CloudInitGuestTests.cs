using System.Text;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary>
/// A Debian 12 guest with real cloud-init (guest/debian-cloudinit: no Kubernetes, a kubeadm stand-in that records its
/// calls) boots through the agent with the bootstrap the controller renders for the first control-plane node of a
/// cluster (<see cref="NodeBootstrapRenderer"/>, a PKI from <see cref="Controller.Pki.ClusterPkiGenerator"/>, a fresh
/// bootstrap token), in its metadata as a flintlock client sends it. What cloud-init did is then read from the host: the
/// guest is deleted through the API (ACPI power button, clean shutdown), its disk overlay, kept by a second hard link, is
/// converted to raw and read with debugfs. Files on /run (a tmpfs) are gone by then: the kubeadm config is checked as the
/// stand-in recorded it when kubeadm was called.
/// </summary>
[Trait("Category", "Boot")]
public sealed class CloudInitGuestTests : IAsyncLifetime
{
    /// <summary>10.213.250.0/24, the network of testdata/cloud-init/fleet.yaml: node .10, VIP .100, gateway .1.</summary>
    private const int Subnet = 250;
    private const string HostName = "host-1";
    private const string NodeName = "boot-cp-0";
    private static readonly string[] MustWrite =
    [
        "/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
        "/etc/kubernetes/pki/etcd/ca.crt", "/etc/kubernetes/pki/etcd/ca.key",
        "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
        "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/sa.pub",
        BootstrapPaths.KubeVipManifest, BootstrapPaths.InitConfig,
    ];

    private TestNetwork _network = null!;
    private AgentProcess _agent = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        var guest = RepoPaths.CloudInitGuestDirectory;
        foreach (var file in (string[])["vmlinuz", "initrd.img", "rootfs.ext4"])
        {
            if (!File.Exists(Path.Combine(guest, file)))
            {
                throw new FileNotFoundException($"The cloud-init test guest has no {file} in {guest}: run `sudo ./scripts/setup.sh` (or `guest/debian-cloudinit/build.sh {guest}`)");
            }
        }

        _work = Directory.CreateTempSubdirectory("lm-cloudinit-").FullName;
        _network = await TestNetwork.CreateAsync(Subnet);
        try
        {
            // Python under TCG: cloud-init's four stages take 30 s on a quiet 2-core machine, minutes on a busy one;
            // systemd's shutdown takes seconds.
            _agent = await AgentProcess.StartWithImagesAsync(_network, guest,
                "--Reconciler:BootTimeout", "00:05:00", "--Reconciler:PowerButtonTimeout", "00:01:30");
        }
        catch
        {
            await _network.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _agent.DisposeAsync();
        }
        finally
        {
            await _network.DisposeAsync();
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task CreateMicroVM_RenderedControlPlaneInit_CloudInitWritesItsFilesAndRunsKubeadm()
    {
        var rendered = RenderedNodeBootstrap.Render(TestData("fleet.yaml"), NodeName, HostName, BootstrapAction.InitControlPlane);
        var bootstrap = rendered.Data;
        var uid = (await _agent.MicroVms.CreateMicroVMAsync(new CreateMicroVMRequest { Microvm = Spec(bootstrap) })).Microvm.Spec.Uid;
        var parsed = CloudConfigExpectations.From(bootstrap, uid, NodeName);
        Assert.Empty(MustWrite.Except(parsed.Files.Select(f => f.Path)));
        Assert.Equal(NodeName, parsed.Hostname);
        Assert.Equal($"init --config {BootstrapPaths.InitConfig}", Display(Assert.Single(parsed.KubeadmCommands)));

        // What the rendered data means, beyond its own words: the PKI is the generated one, kubeadm's config names
        // this VM's provider id (jinja rendered by cloud-init from meta-data), and runcmd's sed, run after kubeadm,
        // turns kube-vip from super-admin.conf to admin.conf.
        var expectedPem = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/etc/kubernetes/pki/ca.crt"] = rendered.Pki.ClusterCa.CertificatePem,
            ["/etc/kubernetes/pki/ca.key"] = rendered.Pki.ClusterCa.PrivateKeyPem,
            ["/etc/kubernetes/pki/etcd/ca.crt"] = rendered.Pki.EtcdCa.CertificatePem,
            ["/etc/kubernetes/pki/etcd/ca.key"] = rendered.Pki.EtcdCa.PrivateKeyPem,
            ["/etc/kubernetes/pki/front-proxy-ca.crt"] = rendered.Pki.FrontProxyCa.CertificatePem,
            ["/etc/kubernetes/pki/front-proxy-ca.key"] = rendered.Pki.FrontProxyCa.PrivateKeyPem,
            ["/etc/kubernetes/pki/sa.pub"] = rendered.Pki.ServiceAccountPublicKeyPem,
            ["/etc/kubernetes/pki/sa.key"] = rendered.Pki.ServiceAccountPrivateKeyPem,
        };
        foreach (var (path, pem) in expectedPem)
        {
            var file = parsed.Files.Single(f => f.Path == path);
            Assert.Equal(pem.ReplaceLineEndings("\n").Trim(), Encoding.UTF8.GetString(file.Content).Trim());
            Assert.Equal(path.EndsWith(".key", StringComparison.Ordinal) ? "0600" : "0644", file.ModeText);
        }

        var initConfig = Encoding.UTF8.GetString(parsed.Files.Single(f => f.Path == BootstrapPaths.InitConfig).Content);
        Assert.Contains(ProviderIds.For(HostName, uid), initConfig, StringComparison.Ordinal);
        Assert.Contains(rendered.Token.Value, initConfig, StringComparison.Ordinal);
        Assert.Contains("controlPlaneEndpoint: '10.213.250.100:6443'", initConfig, StringComparison.Ordinal);
        var kubeVip = parsed.Files.Single(f => f.Path == BootstrapPaths.KubeVipManifest);
        var kubeVipText = Encoding.UTF8.GetString(kubeVip.Content);
        Assert.Contains($"path: {BootstrapPaths.SuperAdminKubeconfig}\n", kubeVipText, StringComparison.Ordinal);
        Assert.Contains("value: '10.213.250.100'", kubeVipText, StringComparison.Ordinal);
        var afterSed = kubeVip with
        {
            Content = Encoding.UTF8.GetBytes(kubeVipText.Replace($"path: {BootstrapPaths.SuperAdminKubeconfig}\n", $"path: {BootstrapPaths.AdminKubeconfig}\n", StringComparison.Ordinal)),
        };
        var expected = new { parsed.Hostname, parsed.RootSshKeys, parsed.KubeadmCommands, Files = parsed.Files.Select(f => f.Path == afterSed.Path ? afterSed : f).ToList() };
        Assert.NotEmpty(expected.RootSshKeys);

        // Ready: the guest's marker after cloud-init's final stage, with cloud-init's own verdict before it.
        await _agent.MicroVms.WaitForStateAsync(uid, MicroVMStatus.Types.MicroVMState.Created, TimeSpan.FromMinutes(6));
        var console = await WaitForConsoleLineAsync(uid, "liquidmetal-ready ", TimeSpan.FromMinutes(2));
        Assert.True(console.Contains("lm-cloud-init: status: done", StringComparison.Ordinal),
            "cloud-init did not report done; the console's last lines:\n" + string.Join('\n', console.Split('\n').TakeLast(60)));
        Assert.Contains($"liquidmetal-ready instance-id={uid} hostname={expected.Hostname} cloud-init=done", console, StringComparison.Ordinal);
        Assert.True(await _network.PingAsync(_network.GuestAddress(10)), $"the guest did not answer at the address of its network-config; console:\n{console}");

        // Keep the disk past the delete: a second name for the overlay outlives the VM's directory.
        var kept = Path.Combine(_work, "root.qcow2");
        await Shell.CheckAsync("ln", "--", Path.Combine(_agent.StateDirectory, "vms", uid, "volume-root.qcow2"), kept);
        await _agent.MicroVms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid });
        await _agent.MicroVms.WaitGoneAsync(uid, TimeSpan.FromMinutes(3));
        Assert.Contains("GuestPoweredOff", _agent.Log, StringComparison.Ordinal); // shut down by the guest, not killed

        var raw = Path.Combine(_work, "root.raw");
        await Shell.CheckAsync("qemu-img", "convert", "-f", "qcow2", "-O", "raw", kept, raw);
        var disk = new Ext4Image(raw);
        var (clean, report) = await disk.CheckAsync();
        Assert.True(clean, $"the root file system is not clean after the shutdown:\n{report}");

        var users = Ids(await disk.ReadTextAsync("/etc/passwd"));
        var groups = Ids(await disk.ReadTextAsync("/etc/group"));
        var problems = new List<string>();

        // Every file of write_files, with its mode, owner and (decoded, jinja-rendered) content.
        foreach (var file in expected.Files.Where(f => !f.IsTransient))
        {
            var inode = await disk.StatAsync(file.Path);
            if (inode is null)
            {
                problems.Add($"{file.Path}: not written");
                continue;
            }

            var content = inode.Type == "regular" ? await disk.ReadAsync(file.Path) : [];
            problems.AddRange(Compare(file, inode.Type, inode.Mode & 0xFFF, inode.Uid, inode.Gid, content, users, groups));
        }

        // Private keys readable by root alone, whatever the data asked.
        foreach (var key in expected.Files.Where(f => f.Path.EndsWith(".key", StringComparison.Ordinal) && !f.IsTransient))
        {
            if (await disk.StatAsync(key.Path) is { } inode && (inode.ModeText != "0600" || inode.Uid != 0))
            {
                problems.Add($"{key.Path}: a private key with mode {inode.ModeText} uid {inode.Uid}, not 0600 root");
            }
        }

        // The command it would have run, and the config it would have read (on /run, so as recorded at the call).
        var invocations = KubeadmInvocation.ParseLog(await disk.ReadTextAsync(KubeadmInvocation.LogPath));
        Assert.Equal(expected.KubeadmCommands.Select(Display), invocations.Select(i => Display(i.Argv)));
        foreach (var invocation in invocations)
        {
            if (invocation.Uid != 0)
            {
                problems.Add($"kubeadm {Display(invocation.Argv)}: run as uid {invocation.Uid}, not root");
            }

            var configArg = invocation.Argv.SkipWhile(a => a != "--config").Skip(1).FirstOrDefault()
                ?? invocation.Argv.FirstOrDefault(a => a.StartsWith("--config=", StringComparison.Ordinal))?["--config=".Length..];
            if (configArg is null)
            {
                continue;
            }

            if (invocation.Config is not { Error: null } config)
            {
                problems.Add($"kubeadm {Display(invocation.Argv)}: its config could not be read: {invocation.Config?.Error ?? "not recorded"}");
            }
            else if (expected.Files.FirstOrDefault(f => f.Path == configArg) is not { } file)
            {
                problems.Add($"kubeadm {Display(invocation.Argv)}: --config {configArg} is not a file of write_files");
            }
            else
            {
                problems.AddRange(Compare(file, "regular", config.Mode, config.Uid, config.Gid, config.Content, users, groups)
                    .Select(p => $"kubeadm --config {p}"));
            }
        }

        // Hostname and identity from meta-data/vendor-data, root's SSH keys from vendor-data.
        var hostname = (await disk.ReadTextAsync("/etc/hostname")).Trim();
        if (hostname != expected.Hostname)
        {
            problems.Add($"/etc/hostname: '{hostname}', expected '{expected.Hostname}'");
        }

        var instanceId = (await disk.ReadTextAsync("/var/lib/cloud/data/instance-id")).Trim();
        if (instanceId != uid)
        {
            problems.Add($"/var/lib/cloud/data/instance-id: '{instanceId}', expected the VM's uid {uid}");
        }

        var authorizedKeys = expected.RootSshKeys.Count == 0 ? "" : await disk.ReadTextAsync("/root/.ssh/authorized_keys");
        foreach (var key in expected.RootSshKeys)
        {
            if (!authorizedKeys.Split('\n').Any(line => line.Trim() == key))
            {
                problems.Add($"/root/.ssh/authorized_keys: no line '{key}'");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} difference(s) between the rendered bootstrap and the guest's disk:\n{string.Join('\n', problems)}");
    }

    private static IEnumerable<string> Compare(ExpectedFile file, string type, int mode, int uid, int gid, byte[] content,
        Dictionary<string, int> users, Dictionary<string, int> groups)
    {
        if (type != "regular")
        {
            yield return $"{file.Path}: a {type}, not a regular file";
            yield break;
        }

        if (mode != file.Mode)
        {
            yield return $"{file.Path}: mode {Convert.ToString(mode, 8).PadLeft(4, '0')}, expected {file.ModeText}";
        }

        if (!users.TryGetValue(file.Owner, out var expectedUid) || uid != expectedUid)
        {
            yield return $"{file.Path}: owner uid {uid}, expected {file.Owner} ({(users.TryGetValue(file.Owner, out var u) ? u : "no such user")})";
        }

        if (!groups.TryGetValue(file.Group, out var expectedGid) || gid != expectedGid)
        {
            yield return $"{file.Path}: group gid {gid}, expected {file.Group} ({(groups.TryGetValue(file.Group, out var g) ? g : "no such group")})";
        }

        var matches = file.Append ? content.AsSpan().EndsWith(file.Content) : content.AsSpan().SequenceEqual(file.Content);
        if (!matches)
        {
            yield return $"{file.Path}: content differs ({content.Length} bytes, expected {(file.Append ? "to end with " : "")}{file.Content.Length}):\n" +
                $"--- expected\n{Encoding.UTF8.GetString(file.Content)}\n--- found\n{Encoding.UTF8.GetString(content)}";
        }
    }

    /// <summary>"name:x:id:..." lines of /etc/passwd or /etc/group: name to id.</summary>
    private static Dictionary<string, int> Ids(string table) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length > 2 && int.TryParse(fields[2], out _))
            .GroupBy(fields => fields[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => int.Parse(g.First()[2], System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static string Display(IReadOnlyList<string> argv) =>
        string.Join(' ', argv.Select(a => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+".Contains(c)) ? a : $"'{a}'"));

    private async Task<string> WaitForConsoleLineAsync(string uid, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var console = "";
        while (DateTime.UtcNow < deadline)
        {
            console = await _agent.ReadConsoleAsync(uid);
            if (console.Split('\n').Any(line => line.TrimStart().StartsWith(text, StringComparison.Ordinal)))
            {
                return console;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"No console line starting with '{text}' within {timeout}; console:\n{console}");
    }

    /// <summary>The VM as a flintlock client would ask for it: the bootstrap in its metadata, a static address on the test network.</summary>
    private MicroVMSpec Spec(NodeBootstrapData bootstrap)
    {
        var spec = new MicroVMSpec
        {
            Id = NodeName,
            Namespace = "cloudinit",
            Vcpu = 1,
            MemoryInMb = 512,
            Kernel = new Kernel { Image = "vmlinuz", AddNetworkConfig = true },
            Initrd = new Initrd { Image = "initrd.img" },
            RootVolume = new Volume { Id = "root", Source = new VolumeSource { ContainerSource = "rootfs.ext4" } },
        };
        spec.Metadata["meta-data"] = DevVms.Base64(bootstrap.MetaData);
        spec.Metadata["user-data"] = DevVms.Base64(bootstrap.UserData);
        if (bootstrap.VendorData is { } vendorData)
        {
            spec.Metadata["vendor-data"] = DevVms.Base64(vendorData);
        }

        var nic = new NetworkInterface
        {
            DeviceId = "eth0",
            Type = NetworkInterface.Types.IfaceType.Tap,
            Address = new StaticAddress { Address = $"{_network.GuestAddress(10)}/24", Gateway = _network.Gateway },
        };
        spec.Interfaces.Add(nic);
        return spec;
    }

    private static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", "cloud-init", name);
}
