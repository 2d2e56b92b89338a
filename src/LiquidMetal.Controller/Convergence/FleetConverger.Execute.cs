using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Pki;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Convergence;

internal sealed partial class FleetConverger
{
    /// <summary>A host's status this round and what the planner sees of it.</summary>
    private sealed record HostRound(HostStatusRecord Status, ObservedHost Observed, AgentWatcher? Watcher);

    private async Task<Dictionary<string, HostRound>> ObserveHostsAsync(Fleet fleet, IReadOnlyList<HostStatusRecord> stored, DateTimeOffset now, bool persist, CancellationToken cancellationToken)
    {
        var hosts = new Dictionary<string, HostRound>(StringComparer.Ordinal);
        foreach (var host in fleet.Hosts.Where(h => h.Role == HostRole.Kvm))
        {
            var before = stored.FirstOrDefault(s => s.Host == host.Name);
            var watcher = watchers.Find(host.Name);
            var snapshot = watcher?.Snapshot() ??
                new AgentSnapshot(false, before?.UnreachableSince ?? now, before?.LastSeen, null, watchers.FailureOf(host.Name) ?? "no agent configured", []);
            var status = new HostStatusRecord(host.Name, snapshot.Reachable, snapshot.UnreachableSince, before?.FailedSince,
                snapshot.Info?.Cpus ?? before?.Cpus, snapshot.Info?.MemoryMiB ?? before?.MemoryMiB, snapshot.LastSeen ?? before?.LastSeen, snapshot.LastError);
            if (persist && (before is null || status with { LastSeen = before.LastSeen } != before))
            {
                await store.SaveHostStatusAsync(status, cancellationToken).ConfigureAwait(false);
            }

            var vms = snapshot.Reachable ? snapshot.Vms : [];
            var observed = new ObservedHost(host.Name, snapshot.Reachable, snapshot.UnreachableSince, before?.FailedSince is not null, status.Cpus, status.MemoryMiB, vms);
            hosts[host.Name] = new HostRound(status, observed, watcher);
        }

        return hosts;
    }

    private async Task ExecuteAsync(ConvergenceAction action, Fleet fleet, Dictionary<string, HostRound> hosts, List<ConvergenceEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            switch (action)
            {
                case CreateVmAction create:
                    LogCreatingVm(logger, create.Vm.VmId, create.Record.Cluster, create.Record.Node, create.Host, create.Reason);
                    var watcher = WatcherOf(hosts, create.Host);
                    var spec = await BootstrapSpecAsync(create, fleet, cancellationToken).ConfigureAwait(false);
                    // The intent first: a controller killed after the agent's create finds the VM by this id.
                    await store.SaveMachineAsync(create.Record, cancellationToken).ConfigureAwait(false);
                    MicroVm vm;
                    try
                    {
                        vm = await watcher.Client.CreateMicroVmAsync(spec, cancellationToken).ConfigureAwait(false);
                    }
                    catch (HostAgentException alreadyExists) when (alreadyExists.Code == HostAgentErrorCode.AlreadyExists)
                    {
                        var existing = await FindExistingAsync(watcher, create, cancellationToken).ConfigureAwait(false);
                        if (existing is null)
                        {
                            throw;
                        }

                        LogCreateFoundExisting(logger, create.Vm.VmId, create.Host);
                        vm = existing;
                    }

                    watcher.Created(vm);
                    await store.SaveMachineAsync(create.Record with { Phase = MachinePhase.Created }, cancellationToken).ConfigureAwait(false);
                    break;
                case DeleteVmAction delete:
                    LogDeletingVm(logger, delete.Vm.VmId, delete.Vm.Cluster, delete.Vm.Node, delete.Vm.Host, delete.Reason);
                    var on = WatcherOf(hosts, delete.Vm.Host);
                    await on.Client.DeleteMicroVmAsync(delete.Vm.Uid, cancellationToken).ConfigureAwait(false);
                    on.Deleting(delete.Vm.Uid);
                    break;
                case SaveMachineAction save:
                    await store.SaveMachineAsync(save.Record, cancellationToken).ConfigureAwait(false);
                    break;
                case ForgetClusterPkiAction forgetPki:
                    LogForgettingPki(logger, forgetPki.Cluster, forgetPki.Reason);
                    await pkiStore.DeleteClusterPkiAsync(forgetPki.Cluster, cancellationToken).ConfigureAwait(false);
                    _pkis.TryRemove(forgetPki.Cluster, out _);
                    joinTokens.Forget(forgetPki.Cluster);
                    break;
                case MarkClusterInitializedAction initialized:
                    await store.MarkClusterInitializedAsync(initialized.Cluster, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                    break;
                case ForgetClusterInitializedAction forgetInitialized:
                    await store.ForgetClusterInitializedAsync(forgetInitialized.Cluster, cancellationToken).ConfigureAwait(false);
                    break;
                case ForgetMachineAction forget:
                    await store.DeleteMachineAsync(forget.Cluster, forget.Node, cancellationToken).ConfigureAwait(false);
                    break;
                case MarkHostFailedAction failed:
                    LogHostFailed(logger, failed.Host, failed.Reason);
                    await store.SaveHostStatusAsync(hosts[failed.Host].Status with { FailedSince = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
                    break;
                case MarkHostRecoveredAction recovered:
                    LogHostRecovered(logger, recovered.Host);
                    await store.SaveHostStatusAsync(hosts[recovered.Host].Status with { FailedSince = null }, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (PkiException e)
        {
            // The PKI did not open or could not be made: nothing was recorded or created; the next round retries.
            LogActionFailed(logger, Describe(action), HostAgentErrorCode.FailedPrecondition, e.Message);
            var (cluster, name) = action is CreateVmAction c ? (c.Record.Cluster, c.Record.Node) : ((string?)null, "?");
            events.Add(new ConvergenceEvent(ConditionTypes.MachineKind, cluster, name, EventSeverity.Warning, "BootstrapUnavailable", $"{Describe(action)} failed: {e.Message}"));
        }
        catch (JoinTokenUnavailableException e) when (action is CreateVmAction c)
        {
            // Nothing was recorded or created; the next round says why in the conditions and retries after a wait.
            LogJoinTokenUnavailable(logger, c.Record.Node, c.Record.Cluster, e.Message);
            events.Add(new ConvergenceEvent(ConditionTypes.MachineKind, c.Record.Cluster, c.Record.Node, EventSeverity.Warning, "JoinTokenUnavailable",
                $"{Describe(action)} is held back: {e.Message}"));
        }
        catch (HostAgentException e)
        {
            LogActionFailed(logger, Describe(action), e.Code, e.Message);
            var (cluster, name) = action switch
            {
                CreateVmAction c => (c.Record.Cluster, c.Record.Node),
                DeleteVmAction d => (d.Vm.Cluster, d.Vm.Node),
                _ => ((string?)null, "?"),
            };
            events.Add(new ConvergenceEvent(ConditionTypes.MachineKind, cluster, name, EventSeverity.Warning,
                e.IsTransient ? "AgentUnavailable" : "AgentRefused", $"{Describe(action)} failed: {e.Message}"));
        }
    }

    private static AgentWatcher WatcherOf(Dictionary<string, HostRound> hosts, string host) =>
        hosts.TryGetValue(host, out var round) && round.Watcher is { } watcher
            ? watcher
            : throw new HostAgentException(HostAgentErrorCode.Unavailable, $"host {host} has no agent connection");

    private static string Describe(ConvergenceAction action) => action switch
    {
        CreateVmAction c => $"create VM {c.Vm.VmId} on {c.Host}",
        DeleteVmAction d => $"delete VM {d.Vm.VmId} on {d.Vm.Host}",
        _ => action.GetType().Name,
    };
}
