using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Bench.Infrastructure;
using LiquidMetal.Bench.Measurement;
using LiquidMetal.Bench.Reporting;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Bench.Scenarios;

/// <summary>
/// The agent's own cost on a boot: rounds alternating (a) QEMU launched directly, launch to the guest's marker line,
/// and (b) CreateMicroVM on the agent to the watch event that shows the VM CREATED. One unmeasured round of each
/// first (page cache, JIT).
/// </summary>
public sealed class BootScenario(BenchNetwork network, int rounds)
{
    private const string Namespace = "bench-boot";
    private static readonly TimeSpan OverheadTarget = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    private sealed record AgentBoot(TimeSpan CreateToCreated, TimeSpan? AgentBootDuration, IReadOnlyList<string>? QemuArguments, string VmDirectory, string Uid);

    public async Task<ScenarioReport> RunAsync()
    {
        CheckGuest();
        var report = new ScenarioReport($"boot: agent overhead on a boot, {rounds} rounds");
        await using var agent = await BenchAgent.StartAsync(network, reconciles: true);
        await using var watch = await WatchRecorder.OpenAsync(agent.Host, Namespace);

        // The agent first: its real QEMU command line says whether QEMU drops to an unprivileged user (-runas),
        // which the agent does when the lm-vmm user exists; the raw run does the same.
        var first = await BootThroughAgentAsync(agent, watch, "warmup");
        var runAs = RunAsUser(first.QemuArguments);
        await RawQemuBoot.BootAsync("raw-warmup", runAs);

        var raw = new List<TimeSpan>();
        var viaAgent = new List<AgentBoot>();
        var table = new MarkdownTable("round", "(a) raw QEMU: launch → marker", "(b) agent: Create → CREATED event", "(b) − (a)", "agent's boot_duration", "(b) − boot_duration");
        RawQemuBoot.Result? lastRaw = null;
        for (var round = 1; round <= rounds; round++)
        {
            lastRaw = await RawQemuBoot.BootAsync($"raw-{round}", runAs);
            raw.Add(lastRaw.LaunchToMarker);
            var boot = await BootThroughAgentAsync(agent, watch, round.ToString(CultureInfo.InvariantCulture));
            viaAgent.Add(boot);
            table.AddRow(
                round.ToString(CultureInfo.InvariantCulture),
                Timing.Seconds(lastRaw.LaunchToMarker),
                Timing.Seconds(boot.CreateToCreated),
                Timing.Ms(boot.CreateToCreated - lastRaw.LaunchToMarker),
                boot.AgentBootDuration is { } d ? Timing.Seconds(d) : "-",
                boot.AgentBootDuration is { } e ? Timing.Ms(boot.CreateToCreated - e) : "-");
        }

        var rawMedian = Timing.Median(raw);
        var agentMedian = Timing.Median([.. viaAgent.Select(b => b.CreateToCreated)]);
        var overhead = agentMedian - rawMedian;
        var pairedMedian = Timing.Median([.. viaAgent.Select((b, i) => b.CreateToCreated - raw[i])]);
        var beforeLaunch = Timing.Median([.. viaAgent.Where(b => b.AgentBootDuration is not null).Select(b => b.CreateToCreated - b.AgentBootDuration!.Value)]);
        table.AddRow("**median**", Timing.Seconds(rawMedian), Timing.Seconds(agentMedian), Timing.Ms(overhead),
            Timing.Seconds(Timing.Median([.. viaAgent.Where(b => b.AgentBootDuration is not null).Select(b => b.AgentBootDuration!.Value)])),
            Timing.Ms(beforeLaunch));
        report.Add(table);

        var target = $"median(b) − median(a) < {Timing.Ms(OverheadTarget)}";
        var met = overhead < OverheadTarget;
        var summary = new MarkdownTable("benchmark", "median (a) raw QEMU", "median (b) through the agent", "agent overhead", "median of per-round differences", "target", "result");
        summary.AddRow("boot to readiness", Timing.Seconds(rawMedian), Timing.Seconds(agentMedian), Timing.Ms(overhead), Timing.Ms(pairedMedian), target, met ? "met" : "**MISSED**");
        report.Add(summary);
        report.Check("boot: agent overhead", target, $"{Timing.Ms(overhead)} (raw {Timing.Seconds(rawMedian)}, agent {Timing.Seconds(agentMedian)})", met);

        report.Note(CompareCommandLines(first, lastRaw!));
        report.Note($"""
            - (a) starts the clock just before starting `{RawQemuBoot.QemuBinary}` (overlay and seed made beforehand) and polls the console file every 5 ms for a line starting `{RawQemuBoot.Marker}`; QEMU is then killed.
            - (b) starts the clock just before CreateMicroVM and stops it when the WatchMicroVMs stream (opened beforehand) delivers the event with state CREATED; then the VM is deleted and the DELETED event awaited. It includes what the agent does before QEMU runs (store write, qemu-img overlay, genisoimage seed, launcher `sh`/`setsid`/`ip netns exec`, QMP handshake), its console polling (Reconciler:BootPollInterval, default 40 ms) and the status write and watch event after it.
            - boot_duration is the agent's own figure (GetMicroVMDetails/watch details): from just before it launches QEMU to when it saw the marker; (b) − boot_duration is the time spent before the launch plus the reporting after it.
            - One unmeasured round of each runs first (the agent's first, to read its QEMU command line). Boots under TCG vary by a few hundred ms from run to run; with {rounds} rounds the overhead is within that noise, so compare medians of several runs.
            """);
        return report;
    }

    private static void CheckGuest()
    {
        foreach (var file in new[] { DevGuestSpec.Kernel, DevGuestSpec.Initrd, DevGuestSpec.RootVolume })
        {
            if (!File.Exists(Path.Combine(RepoPaths.GuestDirectory, file)))
            {
                throw new FileNotFoundException($"The development guest is missing {file} in {RepoPaths.GuestDirectory}: run `sudo ./scripts/setup.sh` (or `bash guest/build.sh {RepoPaths.GuestDirectory}`)");
            }
        }
    }

    private static async Task<AgentBoot> BootThroughAgentAsync(BenchAgent agent, WatchRecorder watch, string round)
    {
        var id = $"boot-{round}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var client = agent.MicroVms;
        var started = Stopwatch.GetTimestamp();
        var created = await client.CreateMicroVMAsync(DevGuestSpec.Request(Namespace, id));
        var uid = created.Microvm.Spec.Uid;
        var (timestamp, ready) = await watch.WaitForAsync(e => IsState(e, id, MicroVMStatus.Types.MicroVMState.Created) || IsState(e, id, MicroVMStatus.Types.MicroVMState.Failed), BootTimeout);
        var elapsed = Stopwatch.GetElapsedTime(started, timestamp);
        if (ready.Microvm.Status.State == MicroVMStatus.Types.MicroVMState.Failed)
        {
            throw new InvalidOperationException($"VM {uid} FAILED through the agent: {ready.Details?.Reason}\n{string.Join('\n', ready.Details?.ConsoleTail ?? [])}\nAgent log:\n{agent.Log}");
        }

        var details = ready.Details;
        var arguments = details is { VmmPid: > 0 } ? ReadCommandLine(details.VmmPid) : null;
        await client.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid });
        await watch.WaitForAsync(e => e.Type == MicroVMEvent.Types.EventType.Deleted && e.Microvm?.Spec?.Id == id, TimeSpan.FromSeconds(60));
        return new AgentBoot(elapsed, details?.BootDuration?.ToTimeSpan(), arguments, Path.Combine(agent.StateDirectory, "vms", uid), uid);
    }

    private static string? RunAsUser(IReadOnlyList<string>? qemuArguments)
    {
        if (qemuArguments is null)
        {
            return null;
        }

        var index = qemuArguments.ToList().IndexOf("-runas");
        return index >= 0 && index + 1 < qemuArguments.Count ? qemuArguments[index + 1] : null;
    }

    private static bool IsState(MicroVMEvent e, string id, MicroVMStatus.Types.MicroVMState state) =>
        e.Type != MicroVMEvent.Types.EventType.Deleted && e.Microvm?.Spec?.Id == id && e.Microvm.Status?.State == state;

    private static string[]? ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The agent's real QEMU argv (from /proc) next to the raw one, paths and names made comparable.</summary>
    private static string CompareCommandLines(AgentBoot agentBoot, RawQemuBoot.Result raw)
    {
        if (agentBoot.QemuArguments is not { Count: > 0 } agentArgs)
        {
            return "- The agent's QEMU command line could not be read from /proc.";
        }

        string[] Normalize(IEnumerable<string> args, string directory, string name) =>
            [.. args.Skip(args.First().Contains("qemu-system", StringComparison.Ordinal) ? 1 : 0)
                .Select(a => a.Replace(directory, "<vm-dir>", StringComparison.Ordinal).Replace(name, "<name>", StringComparison.Ordinal))];

        var fromAgent = Normalize(agentArgs, agentBoot.VmDirectory, agentBoot.Uid);
        var fromRaw = Normalize(raw.Arguments, raw.Directory, raw.Arguments[raw.Arguments.ToList().IndexOf("-name") + 1]);
        var identical = fromAgent.SequenceEqual(fromRaw);
        var differences = identical
            ? "identical argument for argument (after replacing the VM directory and name)"
            : "DIFFERENT: only in the agent's: `" + string.Join(' ', fromAgent.Except(fromRaw)) + "`; only in the raw run's: `" + string.Join(' ', fromRaw.Except(fromAgent)) + "`";
        return $"""
            - QEMU command lines (a) and (b): {differences}. The agent's, read from /proc/PID/cmdline of its QEMU:

              ```
              {agentArgs[0]} {string.Join(' ', fromAgent)}
              ```
            - Remaining differences: the agent's QEMU is started through `/bin/sh -c … setsid ip netns exec NS`, so it runs in the benchmark's network namespace, in a session of its own, with stderr in qemu.log, and the agent connects to QMP once while it boots; the raw QEMU is a direct child of the benchmark in the root namespace.
            """;
    }
}
