using System.Globalization;
using Google.Protobuf.Collections;
using LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Cli.Waiting;

/// <summary>
/// Lines for the messages of the controller's Apply and DeleteCluster streams: one summary line per message (a
/// message per round that changed something), then a line per failed action or failed host.
/// </summary>
internal static class ControllerProgress
{
    private const int WaitingShown = 2;

    /// <summary>"generation 3: 5/7 machines available; creating 2 VMs, deleting 1 VM; waiting: ... (and 2 more)", then warnings.</summary>
    public static IReadOnlyList<string> Lines(ApplyProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return [Describe(progress), .. Warnings(progress.Events)];
    }

    /// <summary>"2 VMs left, 1 being deleted by its agent; deleting 2 VMs; not answering: sled-2" or "no VM left", then warnings.</summary>
    public static IReadOnlyList<string> Lines(DeleteClusterProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return [Describe(progress), .. Warnings(progress.Events)];
    }

    public static string Describe(ApplyProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"generation {progress.Generation}: {progress.MachinesReady}/{progress.Machines} machines available"),
        };
        if (Done(progress.Events) is { } done)
        {
            parts.Add(done);
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

    public static string Describe(DeleteClusterProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return progress.Gone || Done(progress.Events) is not { } done ? Remaining(progress) : $"{Remaining(progress)}; {done}";
    }

    /// <summary>"2 VMs left, 1 being deleted by its agent; not answering (their VMs are unknown): sled-2", or "no VM left".</summary>
    public static string Remaining(DeleteClusterProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Gone)
        {
            return "no VM left";
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Count(progress.Vms, "VM")} left, {progress.VmsDeleting} being deleted by {(progress.VmsDeleting == 1 ? "its agent" : "their agents")}");
        return progress.UnreachableHosts.Count == 0 ? text : $"{text}; not answering (their VMs are unknown): {string.Join(", ", progress.UnreachableHosts)}";
    }

    /// <summary>What the rounds did, from their events: "creating 3 VMs, deleting 1 VM, 1 action failed" (null when nothing).</summary>
    private static string? Done(RepeatedField<Event> events)
    {
        var parts = new List<string>();
        var creates = events.Count(e => e.Reason == "CreatingVm");
        var deletes = events.Count(e => e.Reason == "DeletingVm");
        var failed = events.Count(e => e.Reason is "AgentRefused" or "AgentUnavailable");
        if (creates > 0)
        {
            parts.Add("creating " + Count(creates, "VM"));
        }

        if (deletes > 0)
        {
            parts.Add("deleting " + Count(deletes, "VM"));
        }

        if (failed > 0)
        {
            parts.Add(failed == 1 ? "1 action failed" : $"{failed} actions failed");
        }

        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>Failed actions and failed hosts; condition changes (also Warning events) are what the summary already says.</summary>
    private static IEnumerable<string> Warnings(RepeatedField<Event> events) =>
        events.Where(e => e.Severity == "Warning" && e.Reason is "AgentRefused" or "AgentUnavailable" or "HostFailed")
            .Select(e => $"warning: {e.Name}: {e.Message}");

    private static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static string Waiting(RepeatedField<string> waiting) =>
        string.Join("; ", waiting.Take(WaitingShown)) + (waiting.Count > WaitingShown ? $" (and {waiting.Count - WaitingShown} more)" : "");
}
