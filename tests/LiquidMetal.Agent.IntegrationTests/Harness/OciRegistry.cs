using System.Diagnostics;
using LiquidMetal.Oci.Tests.Infrastructure;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Agent.IntegrationTests.Harness;

/// <summary>
/// A real docker-registry on loopback holding the development guest as OCI images: <c>lm/guest:1</c> (boot/vmlinuz and
/// boot/initrd.img, one layer each) and <c>lm/root:1</c> (a root filesystem with a <c>liquidmetal-root</c> line unique
/// to this run), plus the agent's registry config (plain HTTP for it).
/// </summary>
public sealed class OciRegistry : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly RegistryServer _server;

    private OciRegistry(TempDirectory directory, RegistryServer server, TestImage guest, TestImage root, string rootLine, string configPath)
    {
        _directory = directory;
        _server = server;
        Guest = guest;
        Root = root;
        RootLine = rootLine;
        ConfigPath = configPath;
    }

    public string Host => _server.Host;
    public TestImage Guest { get; }
    public TestImage Root { get; }
    public string GuestReference => $"{Host}/lm/guest:1";
    public string RootReference => $"{Host}/lm/root:1";

    /// <summary>The line the guest prints from the OCI root volume (proves that volume was the one mounted).</summary>
    public string RootLine { get; }

    /// <summary>The agent's --registry-config file.</summary>
    public string ConfigPath { get; }

    public static async Task<OciRegistry> StartAsync(RegistrySettings? settings = null, TempDirectory? directory = null)
    {
        directory ??= new TempDirectory("lm-it-oci");
        var server = await RegistryServer.StartAsync(settings ?? new RegistrySettings(directory.Combine("storage")));
        try
        {
            var guestDir = RepoPaths.GuestDirectory;
            var guest = TestImage.Create("amd64",
                ("boot/vmlinuz", await File.ReadAllBytesAsync(Path.Combine(guestDir, "vmlinuz"))),
                ("boot/initrd.img", await File.ReadAllBytesAsync(Path.Combine(guestDir, "initrd.img"))));
            var rootLine = $"oci root volume {Guid.NewGuid():N}";
            var root = TestImage.Create("amd64", ("liquidmetal-root", TestImage.Text(rootLine + "\n")));
            if (settings?.HtpasswdFile is null)
            {
                await RegistryPusher.PushAsync(server.Host, "lm/guest", "1", guest);
                await RegistryPusher.PushAsync(server.Host, "lm/root", "1", root);
            }

            var config = directory.Combine("registries.json");
            await File.WriteAllTextAsync(config, $$"""{ "registries": { "{{server.Host}}": { "plainHttp": true } } }""");
            return new OciRegistry(directory, server, guest, root, rootLine, config);
        }
        catch
        {
            await server.DisposeAsync();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>A registry that answers 401 to anyone without the password (basic auth over htpasswd).</summary>
    public static async Task<OciRegistry> StartLockedAsync()
    {
        var directory = new TempDirectory("lm-it-oci-locked");
        var htpasswd = directory.Combine("htpasswd");
        var info = new ProcessStartInfo("htpasswd") { RedirectStandardOutput = true };
        foreach (var arg in new[] { "-Bbn", "user", "secret" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        await File.WriteAllTextAsync(htpasswd, await process.StandardOutput.ReadToEndAsync());
        await process.WaitForExitAsync();
        return await StartAsync(new RegistrySettings(directory.Combine("storage")) { HtpasswdFile = htpasswd }, directory);
    }

    /// <summary>SIGKILL the registry (it answers nothing until <see cref="StartAgainAsync"/>).</summary>
    public Task StopAsync() => _server.KillAsync();

    /// <summary>Starts it again on the same port and storage.</summary>
    public Task StartAgainAsync() => _server.StartAgainAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }
}
