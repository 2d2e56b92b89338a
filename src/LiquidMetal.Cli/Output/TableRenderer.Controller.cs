using System.Globalization;
using LiquidMetal.Api.Controller.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LiquidMetal.Cli.Output;

/// <summary>The controller's answers: hosts, clusters, machines, a described cluster and a plan.</summary>
internal static partial class TableRenderer
{
    public static readonly IReadOnlyList<string> HostColumns = ["NAME", "ROLE", "STATE", "CPUS", "MEMORY", "MACHINES", "ENDPOINT", "SINCE", "LAST ERROR"];

    public static readonly IReadOnlyList<string> ClusterColumns = ["NAME", "VERSION", "CONTROL PLANE", "READY", "PLACED", "QUORUM", "CONVERGED", "MESSAGE"];

    public static readonly IReadOnlyList<string> MachineColumns = ["CLUSTER", "NODE", "ROLE", "HOST", "VM", "PHASE", "AVAILABLE", "MESSAGE"];

    public static readonly IReadOnlyList<string> ConditionColumns = ["TYPE", "STATUS", "REASON", "SINCE", "MESSAGE"];

    public static readonly IReadOnlyList<string> PlacementColumns = ["CLUSTER", "NODE", "ROLE", "HOST", "CHANGE", "REASON"];

    public static readonly IReadOnlyList<string> UnplacedColumns = ["CLUSTER", "NODE", "REASON"];

    public static readonly IReadOnlyList<string> ActionColumns = ["ACTION", "CLUSTER", "NODE", "HOST", "VM", "REASON"];

    public static readonly IReadOnlyList<string> EventColumns = ["AGE", "TYPE", "REASON", "OBJECT", "MESSAGE"];

    /// <summary>Every declared host: its agent's state, capacity, how many machines it holds, and its last error.</summary>
    public static IRenderable Hosts(GetHostsResponse response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var table = NewTable(HostColumns);
        foreach (var host in response.Hosts)
        {
            var since = host.State switch
            {
                "Failed" => host.FailedSince,
                "Unreachable" => host.UnreachableSince,
                _ => "",
            };
            table.AddRow(
                new Text(host.Name),
                new Text(host.Role),
                new Text(host.State, HostStateStyle(host.State)),
                new Text(host.Cpus > 0 ? host.Cpus.ToString(CultureInfo.InvariantCulture) : "-"),
                new Text(host.MemoryMib > 0 ? Humanize.Mebibytes(host.MemoryMib) : "-"),
                new Text(host.Machines.ToString(CultureInfo.InvariantCulture)),
                new Text(Or(host.Endpoint)),
                new Text(Humanize.Age(since, now)),
                new Text(Or(FirstLine(host.LastError))));
        }

        return table;
    }

    /// <summary>Every declared cluster: version, size, readiness and its three conditions; MESSAGE says what is not right.</summary>
    public static IRenderable Clusters(GetClustersResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var table = NewTable(ClusterColumns);
        foreach (var cluster in response.Clusters)
        {
            table.AddRow(
                new Text(cluster.Name),
                new Text(cluster.KubernetesVersion),
                new Text(cluster.ControlPlaneReplicas.ToString(CultureInfo.InvariantCulture)),
                new Text(string.Create(CultureInfo.InvariantCulture, $"{cluster.MachinesReady}/{cluster.Machines}")),
                StatusText(Find(cluster.Conditions, "Placed")?.Status),
                StatusText(Find(cluster.Conditions, "ControlPlaneQuorum")?.Status),
                StatusText(Find(cluster.Conditions, "Converged")?.Status),
                new Text(Or(FirstProblem(cluster.Conditions))));
        }

        return table;
    }

    /// <summary>Every declared node: where it runs, its VM, and whether the VM is available (the reason, coloured by status).</summary>
    public static IRenderable Machines(IEnumerable<Machine> machines)
    {
        ArgumentNullException.ThrowIfNull(machines);
        var table = NewTable(MachineColumns);
        foreach (var machine in machines)
        {
            AddMachineRow(table, machine, withCluster: true);
        }

        return table;
    }

    /// <summary>One cluster: a summary, its conditions, its machines, where each node is placed and why, then its newest events.</summary>
    public static IRenderable Cluster(DescribeClusterResponse response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var cluster = response.Cluster ?? new ClusterStatus();
        var grid = NewGrid();
        AddRow(grid, "Name", cluster.Name);
        AddRow(grid, "Kubernetes", cluster.KubernetesVersion);
        AddRow(grid, "Control plane", string.Create(CultureInfo.InvariantCulture, $"{cluster.ControlPlaneReplicas} replicas"));
        AddRow(grid, "Machines", string.Create(CultureInfo.InvariantCulture, $"{cluster.MachinesReady} available of {cluster.Machines}"));

        var conditions = NewTable(ConditionColumns);
        foreach (var condition in cluster.Conditions)
        {
            conditions.AddRow(
                new Text(condition.Type),
                StatusText(condition.Status),
                new Text(Or(condition.Reason)),
                new Text(Humanize.Age(condition.LastTransitionTime, now)),
                new Text(Or(condition.Message)));
        }

        var machines = NewTable(MachineColumns.Skip(1).ToList());
        foreach (var machine in response.Machines)
        {
            AddMachineRow(machines, machine, withCluster: false);
        }

        var placements = NewTable(PlacementColumns.Skip(1).ToList());
        foreach (var placement in response.Placements)
        {
            placements.AddRow(new Text(placement.Node), new Text(placement.Role), new Text(placement.Host), new Text(placement.Change), new Text(Or(placement.Reason)));
        }

        var events = NewTable(EventColumns);
        foreach (var e in response.Events)
        {
            events.AddRow(
                new Text(Humanize.Age(e.At, now)),
                new Text(e.Severity, e.Severity == "Warning" ? new Style(Color.Yellow) : Style.Plain),
                new Text(e.Reason),
                new Text(e.Name),
                new Text(Or(e.Message)));
        }

        return new Rows(
            grid,
            Section("Conditions:"), cluster.Conditions.Count > 0 ? conditions : new Text("  none yet (no convergence round since it was applied)"),
            Section("Machines:"), response.Machines.Count > 0 ? machines : new Text("  none"),
            Section("Placement (the last round's schedule):"), response.Placements.Count > 0 ? placements : new Text("  none yet"),
            Section("Events (newest last):"), response.Events.Count > 0 ? events : new Text("  none"));
    }

    /// <summary>
    /// What a round would do: each cluster's schedule, where every node lands and why, every node that cannot be placed
    /// with each host's reason, the actions in order and what would wait; then a one-line summary.
    /// </summary>
    /// <param name="source">The -f path, for the hint that says how to carry the plan out (null: the applied state).</param>
    public static IRenderable Plan(PlanResponse plan, string? source)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var parts = new List<IRenderable> { new Text($"Plan for revision {ShortDigest(plan.Revision)}{(source is null ? " (the applied desired state)" : $" ({source})")}") };

        var clusters = NewTable(["CLUSTER", "SCHEDULE", "REASONS"]);
        foreach (var cluster in plan.Clusters)
        {
            var style = cluster.State switch { "Placed" => new Style(Color.Green), "Degraded" => new Style(Color.Yellow), _ => new Style(Color.Red) };
            clusters.AddRow(new Text(cluster.Cluster), new Text(cluster.State, style), new Text(Or(Join(cluster.Reasons))));
        }

        parts.Add(Section("Clusters:"));
        parts.Add(plan.Clusters.Count > 0 ? clusters : new Text("  none declared"));

        var placements = NewTable(PlacementColumns);
        foreach (var p in plan.Placements)
        {
            placements.AddRow(new Text(p.Cluster), new Text(p.Node), new Text(p.Role), new Text(p.Host),
                new Text(p.Change, p.Change == "Kept" ? Style.Plain : new Style(Color.Yellow)), new Text(Or(p.Reason)));
        }

        parts.Add(Section("Placements:"));
        parts.Add(plan.Placements.Count > 0 ? placements : new Text("  none"));

        if (plan.Unplaced.Count > 0)
        {
            var unplaced = NewTable(UnplacedColumns);
            foreach (var node in plan.Unplaced)
            {
                var why = node.Rejections.Count == 0 ? node.Reason : node.Reason + "\n" + string.Join('\n', node.Rejections.Select(r => "  " + r));
                unplaced.AddRow(new Text(node.Cluster), new Text(node.Node, new Style(Color.Red)), new Text(why));
            }

            parts.Add(Section("Not placed (every host's reason):"));
            parts.Add(unplaced);
        }

        if (plan.Actions.Count > 0)
        {
            var actions = NewTable(ActionColumns);
            foreach (var a in plan.Actions)
            {
                actions.AddRow(new Text(a.Kind, ActionStyle(a.Kind)), new Text(Or(a.Cluster)), new Text(Or(a.Node)), new Text(Or(a.Host)), new Text(Or(a.VmId)), new Text(Or(a.Reason)));
            }

            parts.Add(Section("Actions of the next round, in order:"));
            parts.Add(actions);
        }

        if (plan.Waiting.Count > 0)
        {
            parts.Add(Section("Waiting:"));
            parts.Add(new Text(string.Join('\n', plan.Waiting.Select(w => "  " + w))));
        }

        parts.Add(new Text(""));
        parts.Add(new Text(PlanSummary(plan, source)));
        return new Rows(parts);
    }

    /// <summary>"3 to create, 1 to delete, 2 other; nothing was changed: ..." or that there is nothing to do.</summary>
    public static string PlanSummary(PlanResponse plan, string? source)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var unplaced = plan.Unplaced.Count > 0 ? $"; {plan.Unplaced.Count} node{Plural(plan.Unplaced.Count)} cannot be placed" : "";
        if (plan.Actions.Count == 0 && plan.Waiting.Count == 0)
        {
            return $"No changes: the agents already run this desired state{unplaced}.";
        }

        var creates = plan.Actions.Count(a => a.Kind == "create");
        var deletes = plan.Actions.Count(a => a.Kind == "delete");
        var others = plan.Actions.Count - creates - deletes;
        var apply = source is null ? "the controller carries it out on its own" : $"'lm apply -f {source}' carries it out";
        return string.Create(CultureInfo.InvariantCulture,
            $"Plan: {creates} to create, {deletes} to delete, {others} other{unplaced}; {plan.Waiting.Count} waiting. Nothing was changed; {apply}.");
    }

    private static void AddMachineRow(Table table, Machine machine, bool withCluster)
    {
        var available = Find(machine.Conditions, "VmAvailable");
        var role = machine.Pool.Length > 0 ? $"{machine.Role}/{machine.Pool}" : machine.Role;
        var cells = new List<IRenderable>();
        if (withCluster)
        {
            cells.Add(new Text(machine.Cluster));
        }

        cells.AddRange([
            new Text(machine.Node),
            new Text(role),
            new Text(Or(machine.Host)),
            new Text(Or(machine.VmId)),
            new Text(Or(machine.Phase)),
            new Text(Or(available?.Reason), StatusStyle(available?.Status)),
            new Text(Or(FirstProblem(machine.Conditions))),
        ]);
        table.AddRow(cells);
    }

    private static Condition? Find(IEnumerable<Condition> conditions, string type) => conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>The message of the first condition that is not True ("" when all are).</summary>
    private static string FirstProblem(IEnumerable<Condition> conditions) =>
        conditions.FirstOrDefault(c => c.Status != "True") is { } problem ? $"{problem.Type}: {problem.Message}" : "";

    private static Text StatusText(string? status) => new(Or(status), StatusStyle(status));

    private static Style StatusStyle(string? status) => status switch
    {
        "True" => new Style(Color.Green),
        "False" => new Style(Color.Red),
        _ => new Style(Color.Grey),
    };

    private static Style HostStateStyle(string state) => state switch
    {
        "Reachable" => new Style(Color.Green),
        "Unreachable" => new Style(Color.Yellow),
        "Failed" => new Style(Color.Red),
        _ => Style.Plain,
    };

    private static Style ActionStyle(string kind) => kind switch
    {
        "create" => new Style(Color.Green),
        "delete" or "host-failed" => new Style(Color.Red),
        _ => Style.Plain,
    };

    private static Text Section(string title) => new($"\n{title}", Heading);

    private static string Plural(int count) => count == 1 ? "" : "s";
}
