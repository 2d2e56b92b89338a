using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Controller.Pki;
using LiquidMetal.Controller.Sqlite;
using LiquidMetal.Controller.Tests;
using LiquidMetal.Testing.Agent;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiquidMetal.Cli.Tests;

/// <summary>
/// <c>lm kubeconfig</c> in-process against the real controller process (a PKI key file, its SQLite database) and three
/// real agents; the kubeconfig it writes is read by the real kubectl (LM_KUBECTL or PATH) and its client certificate
/// checked with the real openssl against the cluster CA.
/// </summary>
public class KubeconfigEndToEndTests
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(3);
    private static readonly string Kubectl = Environment.GetEnvironmentVariable("LM_KUBECTL") is { Length: > 0 } path ? path : "kubectl";

    [Fact]
    public async Task Lm_Kubeconfig_WritesAnOwnerOnlyKubeconfigThatKubectlReadsAndTheClusterCaVerifies()
    {
        await using var site = await ThreeAgentSite.StartAsync();
        await using var controller = new ControllerProcess(site.StateDirectory, sourceFolder: null);
        var keyFile = controller.KeyFile;

        // alpha's PKI, stored in the controller's database as convergence stores it (sealed with the operator's key),
        // before the controller starts: the CA every kubeconfig must carry is known to the test.
        var store = await SqliteControllerStore.OpenAsync(
            new SqliteControllerStoreOptions { DatabasePath = Path.Combine(site.StateDirectory, "controller.db") },
            NullLogger<SqliteControllerStore>.Instance, CancellationToken.None);
        ClusterPki pki;
        await using (store)
        {
            pki = await new ClusterPkiProvider(store, PkiEncryptionKey.LoadFile(keyFile), new ClusterPkiOptions { EncryptionKeyFile = keyFile },
                TimeProvider.System, NullLogger<ClusterPkiProvider>.Instance).GetOrCreateAsync("alpha", CancellationToken.None);
        }

        var caFile = Path.Combine(Path.GetDirectoryName(site.StateDirectory)!, "cluster-ca.crt");
        await File.WriteAllTextAsync(caFile, pki.ClusterCa.CertificatePem);

        controller.Start();
        await controller.WaitServingAsync();
        var work = Path.Combine(Path.GetDirectoryName(site.StateDirectory)!, "out");
        Directory.CreateDirectory(work);
        var file = Path.Combine(work, "alpha.kubeconfig");

        // Not declared yet: NotFound, nothing written.
        var unknown = await LmAsync(controller, "kubeconfig", "alpha", "--output-file", file);
        Assert.Equal(ExitCodes.Failure, unknown.ExitCode);
        Assert.Contains("cluster alpha is not declared", unknown.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));

        // gamma fits no host: no node is ever created, so it has no PKI (FailedPrecondition, saying when it will).
        site.WriteFleet(ThreeAgentSite.Cluster("alpha", 1, 0) + "---\n" + ThreeAgentSite.Cluster("gamma", 1, 0, memoryMiB: 200_000));
        var apply = await LmAsync(controller, "apply", "-f", site.FleetDirectory, "--timeout", "5s");
        Assert.True(apply.ExitCode is 0 or 1, apply.Error + controller.Log);
        var noPki = await LmAsync(controller, "kubeconfig", "gamma", "--output-file", Path.Combine(work, "gamma.kubeconfig"));
        Assert.Equal(ExitCodes.Failure, noPki.ExitCode);
        Assert.Contains("cluster gamma has no PKI yet", noPki.Error, StringComparison.Ordinal);

        // Written 0600 with a 2 h client certificate; the path and the expiry said.
        var before = DateTimeOffset.UtcNow;
        var written = await LmAsync(controller, "kubeconfig", "alpha", "--output-file", file, "--ttl", "2h");
        Assert.True(written.ExitCode == 0, written.Error + controller.Log);
        Assert.Contains($"to {file} (user alpha-admin, server https://10.0.0.", written.Out, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // kubectl accepts it: the cluster's VIP on 6443, the admin user, embedded credentials.
        var vip = "10.0.0." + (10 + ("alpha".Sum(c => c) % 200));
        var view = await Shell.RunAsync(Kubectl, "config", "view", "--kubeconfig", file, "--raw", "-o", "json");
        Assert.True(view.ExitCode == 0, view.Output);
        using var config = JsonDocument.Parse(view.Output[view.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var root = config.RootElement;
        Assert.Equal($"https://{vip}:6443", root.GetProperty("clusters")[0].GetProperty("cluster").GetProperty("server").GetString());
        Assert.Equal("alpha-admin", root.GetProperty("users")[0].GetProperty("name").GetString());
        Assert.Equal("alpha-admin@alpha", root.GetProperty("current-context").GetString());
        var caData = Convert.FromBase64String(root.GetProperty("clusters")[0].GetProperty("cluster").GetProperty("certificate-authority-data").GetString()!);
        Assert.Equal(pki.ClusterCa.CertificatePem.Trim(), System.Text.Encoding.UTF8.GetString(caData).Trim());
        var user = root.GetProperty("users")[0].GetProperty("user");
        var clientPem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(user.GetProperty("client-certificate-data").GetString()!));
        Assert.Contains("PRIVATE KEY", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(user.GetProperty("client-key-data").GetString()!)), StringComparison.Ordinal);

        // The client certificate verifies against the cluster CA (openssl) and expires within the ttl.
        var clientFile = Path.Combine(work, "client.crt");
        await File.WriteAllTextAsync(clientFile, clientPem);
        var verified = await Shell.RunAsync("openssl", "verify", "-CAfile", caFile, clientFile);
        Assert.True(verified.ExitCode == 0 && verified.Output.Contains(": OK", StringComparison.Ordinal), verified.Output);
        using var client = X509Certificate2.CreateFromPem(clientPem);
        var notAfter = new DateTimeOffset(client.NotAfter.ToUniversalTime());
        Assert.InRange(notAfter, before.AddHours(2).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
        Assert.Contains("O=kubeadm:cluster-admins", client.Subject, StringComparison.Ordinal);

        // An existing file is kept without --force, replaced (still 0600) with it.
        var original = await File.ReadAllTextAsync(file);
        var refused = await LmAsync(controller, "kubeconfig", "alpha", "--output-file", file);
        Assert.Equal(ExitCodes.Failure, refused.ExitCode);
        Assert.Contains($"{file} exists: not replacing it", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(file));
        var forced = await LmAsync(controller, "kubeconfig", "alpha", "--output-file", file, "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.NotEqual(original, await File.ReadAllTextAsync(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // '-': the YAML itself on stdout; -o json: the controller's answer with the kubeconfig in it, no file.
        var raw = await LmAsync(controller, "kubeconfig", "alpha", "--output-file", "-");
        Assert.True(raw.ExitCode == 0, raw.Error);
        Assert.StartsWith("apiVersion: v1\n", raw.Out, StringComparison.Ordinal);
        var json = await LmAsync(controller, "kubeconfig", "alpha", "-o", "json");
        Assert.True(json.ExitCode == 0, json.Error);
        using (var envelope = JsonDocument.Parse(json.Out))
        {
            Assert.StartsWith("apiVersion: v1\n", envelope.RootElement.GetProperty("kubeconfig").GetString(), StringComparison.Ordinal);
            Assert.Equal($"https://{vip}:6443", envelope.RootElement.GetProperty("server").GetString());
            Assert.True(DateTimeOffset.Parse(envelope.RootElement.GetProperty("notAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddHours(23));
        }

        // Nothing else written: no temporary file left by --force, none by '-' or -o json.
        Assert.Equal([Path.GetFileName(file), "client.crt"], Directory.GetFiles(work).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Bad ttl: refused by lm before any call.
        var badTtl = await LmAsync(controller, "kubeconfig", "alpha", "--ttl", "9000h");
        Assert.Equal(ExitCodes.Usage, badTtl.ExitCode);
        Assert.Contains("--ttl \"9000h\"", badTtl.Error, StringComparison.Ordinal);

        // Private keys never in the controller's log.
        Assert.Contains("Issued an admin kubeconfig for cluster alpha", controller.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", controller.Log, StringComparison.Ordinal);

        // The same controller without its key: it says how to give it one.
        await controller.KillAsync();
        await using var keyless = new ControllerProcess(site.StateDirectory, sourceFolder: null, pkiKey: false);
        keyless.Start();
        await keyless.WaitServingAsync();
        var noKey = await LmAsync(keyless, "kubeconfig", "alpha", "--output-file", Path.Combine(work, "other.kubeconfig"));
        Assert.Equal(ExitCodes.Failure, noKey.ExitCode);
        Assert.Contains("--pki-key-file", noKey.Error, StringComparison.Ordinal);
    }

    private static Task<CliRun> LmAsync(ControllerProcess controller, params string[] args) =>
        CliRun.RunAsync(args, new Dictionary<string, string>
        {
            ["LM_CONTROLLER"] = $"https://127.0.0.1:{controller.Port}",
            ["LM_CONTROLLER_CA_FILE"] = controller.CaFile,
            ["LM_CONTROLLER_TOKEN_FILE"] = Path.Combine(controller.StateDirectory, "token"),
        }, cancellationToken: new CancellationTokenSource(CommandLimit).Token);
}
