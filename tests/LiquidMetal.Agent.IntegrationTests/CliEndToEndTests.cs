using System.Text;
using System.Text.Json;
using LiquidMetal.Agent.IntegrationTests.Harness;
using LiquidMetal.Cli;

namespace LiquidMetal.Agent.IntegrationTests;

/// <summary><c>lm</c> against a real agent that boots a real guest: what a person types, what a program parses.</summary>
[Trait("Category", "Boot")]
public sealed class CliEndToEndTests : AgentTest
{
    private string _specFile = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _specFile = Path.Combine(Agent.StateDirectory, "cli-vm.yaml");
        await File.WriteAllTextAsync(_specFile, $"""
            id: cli-vm
            namespace: cli
            vcpu: 1
            memoryInMb: 256
            kernel:
              image: vmlinuz
              addNetworkConfig: true
            initrd:
              image: initrd.img
            rootVolume:
              id: root
              source:
                containerSource: rootfs.ext4
            interfaces:
              - deviceId: eth0
                type: TAP
                address:
                  address: {Network.GuestAddress(40)}/24
            metadata:
              meta-data: |
                local_hostname: cli-host
            """);
    }


    [Fact]
    public async Task Lm_CreateListGetConsoleDelete_AgainstRealAgent()
    {
        var info = await LmAsync("host", "info", "-o", "json");
        Assert.Equal(0, info.Code);
        using (var host = JsonDocument.Parse(info.Out))
        {
            Assert.True(host.RootElement.GetProperty("cpus").GetInt32() > 0);
        }

        var create = await LmAsync("vm", "create", "-f", _specFile, "-o", "json");
        Assert.True(create.Code == 0, create.Err);
        string uid;
        using (var vm = JsonDocument.Parse(create.Out))
        {
            Assert.Equal("CREATED", vm.RootElement.GetProperty("status").GetProperty("state").GetString());
            uid = vm.RootElement.GetProperty("spec").GetProperty("uid").GetString()!;
        }

        Assert.Contains("CREATED", create.Err, StringComparison.Ordinal); // progress went to stderr

        var list = await LmAsync("vm", "list");
        Assert.Equal(0, list.Code);
        Assert.Contains(uid, list.Out, StringComparison.Ordinal);
        Assert.Contains("UID", list.Out, StringComparison.Ordinal);

        var console = await LmAsync("vm", "console", uid);
        Assert.Contains("lm-init: hostname cli-host", console.Out, StringComparison.Ordinal);

        var again = await LmAsync("vm", "create", "-f", _specFile, "--no-wait", "-o", "json");
        Assert.Contains(uid, again.Out, StringComparison.Ordinal); // idempotent: the same VM

        var delete = await LmAsync("vm", "delete", uid, "--wait");
        Assert.True(delete.Code == 0, delete.Err);
        var gone = await LmAsync("vm", "get", uid);
        Assert.Equal(1, gone.Code);
        Assert.Contains("not found", gone.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lm_BadSpecAndBadToken_ClearErrors()
    {
        var bad = Path.Combine(Agent.StateDirectory, "bad.yaml");
        await File.WriteAllTextAsync(bad, "id: bad id\nvcpu: 999\nkernel:\n  image: ../../etc/passwd\n");
        var rejected = await LmAsync("vm", "create", "-f", bad);
        Assert.Equal(1, rejected.Code);
        Assert.Contains("microvm.id", rejected.Err, StringComparison.Ordinal);
        Assert.Contains("microvm.vcpu", rejected.Err, StringComparison.Ordinal);
        Assert.Contains("microvm.kernel.image", rejected.Err, StringComparison.Ordinal);

        var unauthenticated = await LmAsync(["vm", "list"], token: "wrong");
        Assert.Equal(1, unauthenticated.Code);
        Assert.Contains("token", unauthenticated.Err, StringComparison.OrdinalIgnoreCase);
    }

    private Task<(int Code, string Out, string Err)> LmAsync(params string[] args) => Lm.RunAsync(Agent, args);

    private Task<(int Code, string Out, string Err)> LmAsync(string[] args, string? token) => Lm.RunAsync(Agent, args, token);
}
