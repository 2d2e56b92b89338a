using Grpc.Core;
using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Vms;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.Api;

internal sealed partial class ControllerGrpcService
{
    public override async Task DeleteCluster(Wire.DeleteClusterRequest request, IServerStreamWriter<Wire.DeleteClusterProgress> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "name: the cluster to delete is required"));
        }

        var ct = context.CancellationToken;
        var eventsSeen = await NewestEventAsync(request.Name, ct).ConfigureAwait(false);
        var outcome = await uploads.RemoveClusterAsync(request.Name, ct).ConfigureAwait(false);
        var desired = (await store.LoadAsync(ct).ConfigureAwait(false)).Desired!;
        var hosts = converger.FleetOf(desired).Hosts.Where(h => h.Role == HostRole.Kvm).Select(h => h.Name).ToList();
        var last = Observe(request.Name, hosts, outcome, []);
        await responseStream.WriteAsync(last, ct).ConfigureAwait(false);
        if (!request.Wait)
        {
            return;
        }

        var seen = -1L;
        while (!last.Gone)
        {
            await Task.Delay(ProgressPoll, time, ct).ConfigureAwait(false);
            if (converger.Rounds == seen || converger.LastGeneration < outcome.Generation || converger.LastPlan is not { } plan)
            {
                continue;
            }

            seen = converger.Rounds;
            var next = Observe(request.Name, hosts, outcome, plan.Actions.Where(a => ClusterOf(a) == request.Name));
            eventsSeen = await AddEventsAsync(next.Events, request.Name, eventsSeen, ct).ConfigureAwait(false);
            if (next.Actions.Count > 0 || next.Events.Count > 0 || next.Vms != last.Vms || next.VmsDeleting != last.VmsDeleting || next.Gone ||
                !next.UnreachableHosts.SequenceEqual(last.UnreachableHosts))
            {
                await responseStream.WriteAsync(next, ct).ConfigureAwait(false);
            }

            last = next;
        }
    }

    /// <summary>What the agents' watches show of the cluster's VMs now.</summary>
    private Wire.DeleteClusterProgress Observe(string cluster, IReadOnlyList<string> hosts, Convergence.ApplyOutcome outcome, IEnumerable<ConvergenceAction> actions)
    {
        var progress = new Wire.DeleteClusterProgress { Revision = outcome.Revision, Generation = outcome.Generation };
        foreach (var host in hosts)
        {
            var snapshot = watchers.Find(host)?.Snapshot();
            if (snapshot is not { Reachable: true })
            {
                progress.UnreachableHosts.Add(host);
                continue;
            }

            foreach (var vm in snapshot.Vms.Where(v => v.Cluster == cluster))
            {
                if (vm.State == MicroVmState.Deleting)
                {
                    progress.VmsDeleting++;
                }
                else
                {
                    progress.Vms++;
                }
            }
        }

        progress.Actions.AddRange(actions.Select(ApiMapper.ToWire));
        progress.Gone = progress.Vms == 0 && progress.VmsDeleting == 0 && progress.UnreachableHosts.Count == 0;
        return progress;
    }

    private static string? ClusterOf(ConvergenceAction action) => action switch
    {
        CreateVmAction c => c.Record.Cluster,
        DeleteVmAction d => d.Vm.Cluster,
        SaveMachineAction s => s.Record.Cluster,
        ForgetMachineAction f => f.Cluster,
        ForgetClusterPkiAction p => p.Cluster,
        MarkClusterInitializedAction i => i.Cluster,
        ForgetClusterInitializedAction fi => fi.Cluster,
        _ => null,
    };
}
