using Grpc.Core;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.Api;

internal sealed partial class ControllerGrpcService
{
    private const int DefaultEvents = 20;

    public override async Task<Wire.GetHostsResponse> GetHosts(Wire.GetHostsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = await store.LoadAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new Wire.GetHostsResponse();
        var fleet = state.Desired is null ? Fleet.Empty : converger.FleetOf(state.Desired);
        foreach (var host in fleet.Hosts)
        {
            var status = state.Hosts.FirstOrDefault(h => h.Host == host.Name);
            response.Hosts.Add(new Wire.HostStatus
            {
                Name = host.Name,
                Role = host.Role == HostRole.Kvm ? "kvm" : "metal",
                State = host.Role != HostRole.Kvm ? "Metal"
                    : status is null ? "Unknown"
                    : status.FailedSince is not null ? "Failed"
                    : status.Reachable ? "Reachable" : "Unreachable",
                UnreachableSince = ApiMapper.Time(status?.UnreachableSince),
                FailedSince = ApiMapper.Time(status?.FailedSince),
                Cpus = status?.Cpus ?? 0,
                MemoryMib = status?.MemoryMiB ?? 0,
                Machines = state.Machines.Count(m => m.Host == host.Name),
                LastError = status?.LastError ?? "",
                Endpoint = host.Agent?.Endpoint ?? "",
            });
        }

        return response;
    }

    public override async Task<Wire.GetClustersResponse> GetClusters(Wire.GetClustersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = await store.LoadAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new Wire.GetClustersResponse { Revision = state.Desired?.Revision ?? "", Generation = state.Desired?.Generation ?? 0 };
        if (state.Desired is { } desired)
        {
            var fleet = converger.FleetOf(desired);
            response.Clusters.AddRange(fleet.Clusters.Select(c => ApiMapper.ToWire(c, fleet, state.Conditions)));
        }

        return response;
    }

    public override async Task<Wire.GetMachinesResponse> GetMachines(Wire.GetMachinesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var state = await store.LoadAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new Wire.GetMachinesResponse();
        if (state.Desired is { } desired)
        {
            var fleet = converger.FleetOf(desired);
            foreach (var node in FleetNodes.Expand(fleet).Where(n => request.Cluster.Length == 0 || n.Cluster == request.Cluster))
            {
                response.Machines.Add(ApiMapper.ToWire(node, state.Machines.FirstOrDefault(m => m.Cluster == node.Cluster && m.Node == node.Name), state.Conditions));
            }
        }

        return response;
    }

    public override async Task<Wire.DescribeClusterResponse> DescribeCluster(Wire.DescribeClusterRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var state = await store.LoadAsync(context.CancellationToken).ConfigureAwait(false);
        var fleet = state.Desired is null ? Fleet.Empty : converger.FleetOf(state.Desired);
        var cluster = fleet.Clusters.FirstOrDefault(c => c.Name == request.Name)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"cluster '{request.Name}' is not declared; see lm get clusters"));
        var response = new Wire.DescribeClusterResponse { Cluster = ApiMapper.ToWire(cluster, fleet, state.Conditions) };
        foreach (var node in FleetNodes.Expand(fleet, cluster))
        {
            response.Machines.Add(ApiMapper.ToWire(node, state.Machines.FirstOrDefault(m => m.Cluster == node.Cluster && m.Node == node.Name), state.Conditions));
        }

        if (converger.LastPlan is { } plan)
        {
            response.Placements.AddRange(plan.Schedule.Placements.Where(p => p.Placement.Cluster == cluster.Name).Select(ApiMapper.ToWire));
        }

        var events = await store.ListEventsAsync(cluster.Name, request.Events > 0 ? request.Events : DefaultEvents, context.CancellationToken).ConfigureAwait(false);
        response.Events.AddRange(events.Select(ApiMapper.ToWire));
        return response;
    }
}
