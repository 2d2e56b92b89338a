namespace LiquidMetal.Controller.Core.Model;

/// <summary>Expands clusters into the nodes they ask for.</summary>
public static class FleetNodes
{
    /// <summary>Every node of every cluster, clusters in fleet order, control plane first, pools in declared order.</summary>
    public static IReadOnlyList<DesiredNode> Expand(Fleet fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var nodes = new List<DesiredNode>();
        foreach (var cluster in fleet.Clusters)
        {
            nodes.AddRange(Expand(fleet, cluster));
        }

        return nodes;
    }

    public static IEnumerable<DesiredNode> Expand(Fleet fleet, Cluster cluster)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var controlPlane = fleet.ResolveMachine(cluster.ControlPlane.Machine, cluster.ControlPlane.MachineTemplateRef);
        for (var i = 0; i < cluster.ControlPlane.Replicas; i++)
        {
            yield return new DesiredNode
            {
                Cluster = cluster.Name,
                Name = NodeNames.ControlPlane(cluster.Name, i),
                Role = NodeRole.ControlPlane,
                Machine = controlPlane,
            };
        }

        foreach (var pool in cluster.WorkerPools)
        {
            var machine = pool.IsMetal ? null : fleet.ResolveMachine(pool.Machine, pool.MachineTemplateRef);
            for (var i = 0; i < pool.Replicas; i++)
            {
                yield return new DesiredNode
                {
                    Cluster = cluster.Name,
                    Name = NodeNames.Worker(cluster.Name, pool.Name, i),
                    Role = NodeRole.Worker,
                    Pool = pool.Name,
                    Machine = machine,
                    Metal = pool.Metal,
                };
            }
        }
    }
}
