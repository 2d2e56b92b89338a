using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Qemu.Tests;

public sealed class QemuCommandLineTests
{
    private static readonly QemuHostFacts Tcg = new(KvmUsable: false, TscKhz: 2096035);
    private static readonly QemuHostFacts Kvm = new(KvmUsable: true, TscKhz: 2096035);

    private static VmLaunchSpec Spec(
        IReadOnlyList<DiskAttachment>? disks = null,
        IReadOnlyList<NicAttachment>? nics = null,
        IReadOnlyList<string>? kernelArgs = null,
        string state = "/var/lib/liquidmetal/vms/01J0000000000000000000000A",
        string? networkNamespace = null,
        string uid = "01J0000000000000000000000A") => new()
        {
            Uid = uid,
            StateDirectory = state,
            Vcpu = 2,
            MemoryMiB = 512,
            KernelPath = "/images/vmlinuz",
            InitrdPath = "/images/initrd.img",
            KernelArgs = kernelArgs ?? ["root=/dev/vda", "rw"],
            Disks = disks ?? [new DiskAttachment("root", state + "/volume-root.qcow2", DiskFormat.Qcow2, ReadOnly: false)],
            Nics = nics ?? [],
            ConsoleLogPath = state + "/console.log",
            NetworkNamespace = networkNamespace,
        };

    private static string ValueAfter(IReadOnlyList<string> args, string option)
    {
        var i = args.ToList().IndexOf(option);
        Assert.True(i >= 0 && i + 1 < args.Count, $"{option} missing in: {string.Join(' ', args)}");
        return args[i + 1];
    }

    private static List<string> ValuesAfter(IReadOnlyList<string> args, string option) =>
        [.. args.Select((a, i) => (a, i)).Where(p => p.a == option).Select(p => args[p.i + 1])];

    [Fact]
    public void BuildQemuArguments_Tcg_UsesTcgAndCpuMax()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions(), Tcg);

        Assert.Equal("microvm", ValueAfter(args, "-M"));
        Assert.Equal("tcg", ValueAfter(args, "-accel"));
        Assert.Equal("max", ValueAfter(args, "-cpu"));
    }

    [Fact]
    public void BuildQemuArguments_Kvm_UsesKvmAndCpuHost()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions { TcgTranslationCacheMiB = 16 }, Kvm);

        Assert.Equal("kvm", ValueAfter(args, "-accel"));
        Assert.Equal("host", ValueAfter(args, "-cpu"));
        Assert.DoesNotContain("tsc_early_khz", ValueAfter(args, "-append"), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildQemuArguments_TcgWithTranslationCache_SetsTbSize()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions { TcgTranslationCacheMiB = 16 }, Tcg);

        Assert.Equal("tcg,tb-size=16", ValueAfter(args, "-accel"));
    }

    [Fact]
    public void BuildQemuArguments_Always_HasFixedMachineOptions()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions(), Tcg);

        Assert.Equal("512", ValueAfter(args, "-m"));
        Assert.Equal("2", ValueAfter(args, "-smp"));
        Assert.Contains("-nodefaults", args);
        Assert.Contains("-no-user-config", args);
        Assert.Contains("-no-reboot", args);
        Assert.Equal("none", ValueAfter(args, "-display"));
        Assert.DoesNotContain("-daemonize", args);
        Assert.Equal("01J0000000000000000000000A", ValueAfter(args, "-name"));
        Assert.Equal("/var/lib/liquidmetal/vms/01J0000000000000000000000A/qemu.pid", ValueAfter(args, "-pidfile"));
        Assert.Equal("unix:/var/lib/liquidmetal/vms/01J0000000000000000000000A/qmp.sock,server=on,wait=off", ValueAfter(args, "-qmp"));
        Assert.Equal("file,id=con0,path=/var/lib/liquidmetal/vms/01J0000000000000000000000A/console.log,append=on", ValueAfter(args, "-chardev"));
        Assert.Equal("chardev:con0", ValueAfter(args, "-serial"));
        Assert.Equal("/images/vmlinuz", ValueAfter(args, "-kernel"));
        Assert.Equal("/images/initrd.img", ValueAfter(args, "-initrd"));
    }

    [Fact]
    public void BuildQemuArguments_NoInitrd_OmitsInitrd()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec() with { InitrdPath = null }, new QemuOptions(), Tcg);

        Assert.DoesNotContain("-initrd", args);
    }

    [Fact]
    public void BuildKernelCommandLine_Tcg_AddsTscEarlyKhzBeforeCallerArgs()
    {
        var cmdline = QemuCommandLine.BuildKernelCommandLine(Spec(kernelArgs: ["root=/dev/vda", "rw", "quiet"]), Tcg);

        Assert.Equal("console=ttyS0 panic=-1 edd=off tsc_early_khz=2096035 root=/dev/vda rw quiet", cmdline);
    }

    [Fact]
    public void BuildKernelCommandLine_Kvm_HasNoTscEarlyKhz()
    {
        var cmdline = QemuCommandLine.BuildKernelCommandLine(Spec(kernelArgs: ["root=/dev/vda"]), Kvm);

        Assert.Equal("console=ttyS0 panic=-1 edd=off root=/dev/vda", cmdline);
    }

    [Fact]
    public void BuildKernelCommandLine_TcgWithoutCpuFrequency_Throws()
    {
        Assert.Throws<ArgumentException>(() => QemuCommandLine.BuildKernelCommandLine(Spec(), new QemuHostFacts(false, null)));
    }

    [Theory]
    [InlineData("root=/dev/vda init=/bin/sh")]
    [InlineData("a\nb")]
    [InlineData("x=\"y")]
    [InlineData("")]
    [InlineData("tab\there")]
    public void BuildQemuArguments_KernelArgThatBreaksOutOfItsToken_Throws(string arg)
    {
        Assert.Throws<ArgumentException>(() => QemuCommandLine.BuildQemuArguments(Spec(kernelArgs: [arg]), new QemuOptions(), Tcg));
    }

    [Fact]
    public void BuildQemuArguments_CommasInPaths_AreDoubledWhereQemuSplitsOptions()
    {
        var state = "/srv/a,b/vms/x";
        var spec = Spec(state: state, disks: [new DiskAttachment("root", "/img/root,format=qcow2.img", DiskFormat.Raw, ReadOnly: false)]);

        var args = QemuCommandLine.BuildQemuArguments(spec, new QemuOptions(), Tcg);

        Assert.Equal("id=disk-root,file=/img/root,,format=qcow2.img,format=raw,if=none", ValueAfter(args, "-drive"));
        Assert.Equal("unix:/srv/a,,b/vms/x/qmp.sock,server=on,wait=off", ValueAfter(args, "-qmp"));
        Assert.Equal("file,id=con0,path=/srv/a,,b/vms/x/console.log,append=on", ValueAfter(args, "-chardev"));
        Assert.Equal("/srv/a,b/vms/x/qemu.pid", ValueAfter(args, "-pidfile")); // Not an option list: taken literally.
    }

    [Fact]
    public void BuildQemuArguments_DisksInOrder_EachWithVirtioBlkDevice()
    {
        var spec = Spec(disks:
        [
            new DiskAttachment("root", "/d/root.qcow2", DiskFormat.Qcow2, ReadOnly: false),
            new DiskAttachment("1data", "/d/data.img", DiskFormat.Raw, ReadOnly: true),
            new DiskAttachment("seed", "/d/seed.iso", DiskFormat.Raw, ReadOnly: true),
        ]);

        var args = QemuCommandLine.BuildQemuArguments(spec, new QemuOptions(), Tcg);

        Assert.Equal(
            [
                "id=disk-root,file=/d/root.qcow2,format=qcow2,if=none",
                "id=disk-1data,file=/d/data.img,format=raw,if=none,readonly=on",
                "id=disk-seed,file=/d/seed.iso,format=raw,if=none,readonly=on",
            ],
            ValuesAfter(args, "-drive"));
        Assert.Equal(
            ["virtio-blk-device,drive=disk-root", "virtio-blk-device,drive=disk-1data", "virtio-blk-device,drive=disk-seed"],
            ValuesAfter(args, "-device"));
    }

    [Fact]
    public void BuildQemuArguments_TapNic_UsesIfnameWithoutScripts()
    {
        var spec = Spec(nics: [new NicAttachment("eth0", NicKind.Tap, "lm0123456789ab", 0, "02:AA:bb:cc:dd:ee")]);

        var args = QemuCommandLine.BuildQemuArguments(spec, new QemuOptions(), Tcg);

        Assert.Equal("tap,id=nic-eth0,ifname=lm0123456789ab,script=no,downscript=no", ValueAfter(args, "-netdev"));
        Assert.Contains("virtio-net-device,netdev=nic-eth0,mac=02:aa:bb:cc:dd:ee", args);
    }

    [Fact]
    public void BuildLauncherArguments_MacvtapNics_OpenTheirTapDevicesAsNumberedFds()
    {
        var spec = Spec(nics:
        [
            new NicAttachment("eth0", NicKind.Macvtap, "lmaaaaaaaaaaaa", 12, "02:00:00:00:00:01"),
            new NicAttachment("eth1", NicKind.Tap, "lmbbbbbbbbbbbb", 0, "02:00:00:00:00:02"),
            new NicAttachment("eth2", NicKind.Macvtap, "lmcccccccccccc", 13, "02:00:00:00:00:03"),
        ]);

        var argv = QemuCommandLine.BuildLauncherArguments(spec, new QemuOptions(), Tcg);

        Assert.Equal("/bin/sh", argv[0]);
        Assert.Equal("-c", argv[1]);
        Assert.Equal(
            "log=$1; shift\n"
            + "[ -c /dev/tap12 ] || { echo \"/dev/tap12 is not a character device (macvtap gone?)\" >&2; exit 3; }\n"
            + "[ -c /dev/tap13 ] || { echo \"/dev/tap13 is not a character device (macvtap gone?)\" >&2; exit 3; }\n"
            + "exec 3<>/dev/tap12 4<>/dev/tap13\n\"$@\" </dev/null >/dev/null 2>\"$log\" &\necho $!\n",
            argv[2]);
        Assert.Equal(
            ["tap,id=nic-eth0,fd=3", "tap,id=nic-eth1,ifname=lmbbbbbbbbbbbb,script=no,downscript=no", "tap,id=nic-eth2,fd=4"],
            ValuesAfter(argv, "-netdev"));
    }

    [Fact]
    public void BuildLauncherArguments_NoNamespace_RunsQemuThroughSetsidOnly()
    {
        var argv = QemuCommandLine.BuildLauncherArguments(Spec(), new QemuOptions(), Tcg);

        Assert.Equal(
            ["sh", "/var/lib/liquidmetal/vms/01J0000000000000000000000A/qemu.log", "setsid", "qemu-system-x86_64", "-M"],
            argv.Skip(3).Take(5));
        Assert.DoesNotContain("exec", argv[2].Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public void BuildLauncherArguments_NetworkNamespace_PrefixesIpNetnsExec()
    {
        var argv = QemuCommandLine.BuildLauncherArguments(Spec(networkNamespace: "lm-vms"), new QemuOptions { BinaryPath = "/opt/qemu/bin/qemu-system-x86_64" }, Tcg);

        Assert.Equal(["setsid", "ip", "netns", "exec", "lm-vms", "/opt/qemu/bin/qemu-system-x86_64", "-M"], argv.Skip(5).Take(7));
    }

    [Fact]
    public void BuildQemuArguments_SeccompDefault_DeniesEverything()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions(), Tcg);

        Assert.Equal("on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny", ValueAfter(args, "-sandbox"));
        Assert.DoesNotContain("-runas", args);
    }

    [Fact]
    public void BuildQemuArguments_SeccompWithRunAs_AllowsSetuidForTheSwitch()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions { RunAsUser = "lm-qemu" }, Tcg);

        Assert.Equal("on,obsolete=deny,spawn=deny,resourcecontrol=deny", ValueAfter(args, "-sandbox"));
        Assert.Equal("lm-qemu", ValueAfter(args, "-runas"));
    }

    [Fact]
    public void BuildQemuArguments_SeccompOff_HasNoSandbox()
    {
        var args = QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions { Seccomp = false }, Tcg);

        Assert.DoesNotContain("-sandbox", args);
    }

    public static TheoryData<string, VmLaunchSpec> Injections => new()
    {
        { "disk id with '='", Spec(disks: [new DiskAttachment("a=b", "/d/x", DiskFormat.Raw, false)]) },
        { "disk id with ','", Spec(disks: [new DiskAttachment("a,file=/etc/shadow", "/d/x", DiskFormat.Raw, false)]) },
        { "duplicate disk id", Spec(disks: [new DiskAttachment("a", "/d/x", DiskFormat.Raw, false), new DiskAttachment("a", "/d/y", DiskFormat.Raw, false)]) },
        { "disk path with newline", Spec(disks: [new DiskAttachment("a", "/d/x\n-kernel", DiskFormat.Raw, false)]) },
        { "relative disk path", Spec(disks: [new DiskAttachment("a", "d/x", DiskFormat.Raw, false)]) },
        { "json: disk path", Spec(disks: [new DiskAttachment("a", "json:{\"driver\":\"file\",\"filename\":\"/etc/shadow\"}", DiskFormat.Raw, false)]) },
        { "protocol disk path", Spec(disks: [new DiskAttachment("a", "nbd:evil:10809", DiskFormat.Raw, false)]) },
        { "tap name with ','", Spec(nics: [new NicAttachment("eth0", NicKind.Tap, "tap0,script=/tmp/x", 0, "02:00:00:00:00:01")]) },
        { "tap name too long", Spec(nics: [new NicAttachment("eth0", NicKind.Tap, "a234567890123456", 0, "02:00:00:00:00:01")]) },
        { "nic id with '='", Spec(nics: [new NicAttachment("e=0", NicKind.Tap, "tap0", 0, "02:00:00:00:00:01")]) },
        { "mac with option", Spec(nics: [new NicAttachment("eth0", NicKind.Tap, "tap0", 0, "02:00:00:00:00:01,romfile=/x")]) },
        { "macvtap without index", Spec(nics: [new NicAttachment("eth0", NicKind.Macvtap, "mv0", 0, "02:00:00:00:00:01")]) },
        { "eight macvtaps", Spec(nics: [.. Enumerable.Range(1, 8).Select(i => new NicAttachment($"eth{i}", NicKind.Macvtap, $"mv{i}", 10 + i, $"02:00:00:00:00:0{i}"))]) },
        { "namespace with '/'", Spec(networkNamespace: "../../proc/1/ns/net") },
        { "namespace starting with '-'", Spec(networkNamespace: "-h") },
        { "uid with ','", Spec(uid: "vm,process=x") },
        { "kernel path relative", Spec() with { KernelPath = "vmlinuz" } },
        { "initrd path with newline", Spec() with { InitrdPath = "/i\n" } },
        { "console path relative", Spec() with { ConsoleLogPath = "console.log" } },
        { "state directory too long for a unix socket", Spec(state: "/" + new string('s', 100)) },
        { "zero vcpus", Spec() with { Vcpu = 0 } },
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public void BuildLauncherArguments_UnsafeValue_ThrowsArgumentException(string what, VmLaunchSpec spec)
    {
        var ex = Record.Exception(() => QemuCommandLine.BuildLauncherArguments(spec, new QemuOptions(), Tcg));

        Assert.True(ex is ArgumentException, $"{what}: expected ArgumentException, got {ex?.GetType().Name ?? "nothing"}");
    }

    [Theory]
    [InlineData("root;rm")]
    [InlineData("-u0")]
    [InlineData("Root")]
    public void BuildQemuArguments_BadRunAsUser_Throws(string user)
    {
        Assert.Throws<ArgumentException>(() => QemuCommandLine.BuildQemuArguments(Spec(), new QemuOptions { RunAsUser = user }, Tcg));
    }

    [Fact]
    public void BuildLauncherArguments_Always_PassesEveryValueAsItsOwnArgument()
    {
        // Nothing from the spec is ever interpolated into the script: it stays the same whatever the paths are.
        var plain = QemuCommandLine.BuildLauncherArguments(Spec(), new QemuOptions(), Tcg);
        var odd = QemuCommandLine.BuildLauncherArguments(
            Spec(state: "/srv/$(reboot)/vms/x", disks: [new DiskAttachment("root", "/d/`id`;$HOME", DiskFormat.Raw, false)]),
            new QemuOptions(),
            Tcg);

        Assert.Equal(plain[2], odd[2]);
        Assert.Equal("/srv/$(reboot)/vms/x/qemu.log", odd[4]);
    }
}
