using System.Globalization;
using LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Cli.Waiting;

/// <summary>One line for each message of the controller's Apply and DeleteCluster streams (a line per round).</summary>
internal static class ControllerProgress
{
    private const int WaitingShown = 2;

    /// <summary>"generation 3: 5/7 machines available; this round: 3 create, 1 delete; waiting: ... (and 2 more)".</summary>
    public static string Describe(ApplyProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"generation {progress.Generation}: {progress.MachinesReady}/{progress.Machines} machines available"),
        };
        if (progress.Actions.Count > 0)
        {
            parts.Add("this round: " + Actions(progress.Actions));
        }

        if (progress.Waiting.Count > 0)
        {
            parts.Add("waiting: " + Waiting(progress.Waiting));
        }

        if (progress.Converged)
        {
            parts.Add("converged");
        }

        return string.Join("; ", parts);
    }

    /// <summary>"2 VMs left, 1 being deleted by its agent; this round: 2 delete; not answering: sled-2", or "no VM left".</summary>
    public static string Describe(DeleteClusterProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Gone)
        {
            return "no VM left";
        }

        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{progress.Vms} VM{(progress.Vms == 1 ? "" : "s")} left, {progress.VmsDeleting} being deleted by {(progress.VmsDeleting == 1 ? "its agent" : "their agents")}"),
        };
        if (progress.Actions.Count > 0)
        {
            parts.Add("this round: " + Actions(progress.Actions));
        }

        if (progress.UnreachableHosts.Count > 0)
        {
            parts.Add("not answering (their VMs are unknown): " + string.Join(", ", progress.UnreachableHosts));
        }

        return string.Join("; ", parts);
    }

    /// <summary>"3 create, 1 delete" in the order the kinds first appear.</summary>
    private static string Actions(IEnumerable<PlannedAction> actions) =>
        string.Join(", ", actions.GroupBy(a => a.Kind).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}")));

    private static string Waiting(Google.Protobuf.Collections.RepeatedField<string> waiting) =>
        string.Join("; ", waiting.Take(WaitingShown)) + (waiting.Count > WaitingShown ? $" (and {waiting.Count - WaitingShown} more)" : "");
}
