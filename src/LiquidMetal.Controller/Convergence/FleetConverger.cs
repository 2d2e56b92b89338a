using LiquidMetal.Controller.Core.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Hosting;
using LiquidMetal.Controller.Manifests;
using Microsoft.Extensions.Options;
using ManifestFile = LiquidMetal.Controller.Manifests.ManifestFile;
using PortFile = LiquidMetal.Controller.Core.Ports.ManifestFile;

namespace LiquidMetal.Controller.Convergence;

/// <summary>
/// Runs convergence rounds: reads the stored desired state and records, observes every agent through its
/// watcher, plans with <see cref="ConvergencePlanner"/> and carries the actions out in order, recording a
/// machine's intent before its agent is asked. One round at a time.
/// </summary>
internal sealed partial class FleetConverger(
    IControllerStore store,
    AgentWatchers watchers,
    RoundTrigger trigger,
    ControllerPki pki,
    IClusterPkiStore pkiStore,
    JoinTokenRegistrations joinTokens,
    IOptions<ControllerOptions> options,
    TimeProvider time,
    ILogger<FleetConverger> logger) : IDisposable
{
    private readonly SemaphoreSlim _round = new(1, 1);
    private volatile CachedFleet? _fleet;

    /// <summary>The plan of the last finished round (null before the first).</summary>
    public ConvergencePlan? LastPlan { get; private set; }

    /// <summary>The desired-state generation the last round planned for.</summary>
    public long LastGeneration { get; private set; }

    /// <summary>Increases after every finished round.</summary>
    public long Rounds { get; private set; }

    /// <summary>
    /// What a round would do now for <paramref name="fleet"/> (null: the applied desired state), with no side
    /// effects: nothing is stored, no agent is called, no watcher started (a host not watched yet counts as never reached).
    /// </summary>
    public async Task<(ConvergencePlan Plan, string Revision)?> PreviewAsync(Fleet? fleet, string? revision, CancellationToken cancellationToken)
    {
        var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (fleet is null)
        {
            if (state.Desired is null)
            {
                return null;
            }

            fleet = FleetOf(state.Desired);
            revision = state.Desired.Revision;
        }

        var now = time.GetUtcNow();
        var hosts = await ObserveHostsAsync(fleet, state.Hosts, now, persist: false, cancellationToken).ConfigureAwait(false);
        var problems = await BootstrapProblemsAsync(fleet, retryJoinTokens: false, cancellationToken).ConfigureAwait(false);
        var plan = ConvergencePlanner.Plan(new ConvergenceInput
        {
            Fleet = fleet,
            Revision = revision ?? "",
            Generation = (state.Desired?.Generation ?? 0) + 1,
            Hosts = [.. hosts.Values.Select(h => h.Observed)],
            Machines = state.Machines,
            InitializedClusters = state.InitializedClusters,
            PreviousConditions = state.Conditions,
            Now = now,
            HostGracePeriod = options.Value.HostGracePeriod,
            MaxBooting = options.Value.MaxBooting,
            VmCache = VmCacheOf(fleet),
            BootstrapProblems = problems,
        });
        return (plan, revision ?? "");
    }

    public void Dispose() => _round.Dispose();

    /// <summary>Validates and stores a new desired state (a new generation when the revision differs), then kicks a round.</summary>
    public async Task<ApplyOutcome> ApplyDesiredAsync(IReadOnlyList<PortFile> files, string revision, string origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var loaded = FleetManifestLoader.Load(files.Select(f => new ManifestFile(f.Path, f.Content)));
        if (!loaded.IsValid)
        {
            LogDesiredStateRefused(logger, revision, origin, loaded.Errors.Count);
            return new ApplyOutcome(false, false, 0, revision, [.. loaded.Errors.Select(e => e.ToString())]);
        }

        // Plan time, before any VM: a fleet whose clusters cannot be bootstrapped (no PKI encryption key) is refused.
        if (BootstrapErrors(loaded.Fleet!) is { Count: > 0 } bootstrapErrors)
        {
            LogDesiredStateRefused(logger, revision, origin, bootstrapErrors.Count);
            return new ApplyOutcome(false, false, 0, revision, bootstrapErrors);
        }

        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = (await store.LoadAsync(cancellationToken).ConfigureAwait(false)).Desired;
            if (current is not null && current.Revision == revision)
            {
                return new ApplyOutcome(true, false, current.Generation, revision, []);
            }

            var generation = (current?.Generation ?? 0) + 1;
            await store.SaveDesiredStateAsync(new DesiredStateRecord(revision, origin, generation, time.GetUtcNow(), files), cancellationToken).ConfigureAwait(false);
            _fleet = new CachedFleet(revision, loaded.Fleet!, new NodeVmCache());
            LogDesiredStateApplied(logger, revision, origin, generation);
            trigger.Kick();
            return new ApplyOutcome(true, true, generation, revision, []);
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>One round; null when no desired state was ever applied.</summary>
    public async Task<ConvergencePlan?> RunRoundAsync(CancellationToken cancellationToken)
    {
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (state.Desired is not { } desired)
            {
                return null;
            }

            var fleet = FleetOf(desired);
            await watchers.SyncAsync(fleet, state.Hosts).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var hosts = await ObserveHostsAsync(fleet, state.Hosts, now, persist: true, cancellationToken).ConfigureAwait(false);
            var problems = await BootstrapProblemsAsync(fleet, retryJoinTokens: true, cancellationToken).ConfigureAwait(false);
            var plan = ConvergencePlanner.Plan(new ConvergenceInput
            {
                Fleet = fleet,
                Revision = desired.Revision,
                Generation = desired.Generation,
                Hosts = [.. hosts.Values.Select(h => h.Observed)],
                Machines = state.Machines,
                InitializedClusters = state.InitializedClusters,
                PreviousConditions = state.Conditions,
                Now = now,
                HostGracePeriod = options.Value.HostGracePeriod,
                MaxBooting = options.Value.MaxBooting,
                VmCache = VmCacheOf(fleet),
                BootstrapProblems = problems,
            });

            var events = plan.Events.ToList();
            foreach (var action in plan.Actions)
            {
                await ExecuteAsync(action, fleet, hosts, events, cancellationToken).ConfigureAwait(false);
            }

            // The planner keeps every unchanged set's instance: then no comparison is needed.
            if (!plan.ConditionsUnchanged && !SameConditions(state.Conditions, plan.Conditions))
            {
                await store.SaveConditionsAsync(plan.Conditions, cancellationToken).ConfigureAwait(false);
            }

            await store.AppendEventsAsync(events, now, cancellationToken).ConfigureAwait(false);
            if (plan.Actions.Count > 0)
            {
                LogRound(logger, desired.Generation, plan.Actions.Count, plan.Waiting.Count);
            }

            if (plan.CreatesWaitingToBoot > 0 && (plan.CreatesWaitingToBoot != LastPlan?.CreatesWaitingToBoot || plan.Booting != LastPlan.Booting))
            {
                LogCreatesWaiting(logger, plan.CreatesWaitingToBoot, plan.Booting, options.Value.MaxBooting);
            }

            LastPlan = plan;
            LastGeneration = desired.Generation;
            Rounds++;
            return plan;
        }
        finally
        {
            _round.Release();
        }
    }

    public Fleet FleetOf(DesiredStateRecord desired)
    {
        if (_fleet is { } cached && cached.Revision == desired.Revision)
        {
            return cached.Fleet;
        }

        // Only valid states are stored, so this does not fail unless the loader itself changed.
        var fleet = FleetManifestLoader.Load(desired.Files.Select(f => new ManifestFile(f.Path, f.Content))).GetFleetOrThrow();
        _fleet = new CachedFleet(desired.Revision, fleet, new NodeVmCache());
        return fleet;
    }

    /// <summary>The VMs built for the nodes of <paramref name="fleet"/> in earlier rounds; null when it is not the cached fleet.</summary>
    private NodeVmCache? VmCacheOf(Fleet fleet) => _fleet is { } cached && ReferenceEquals(cached.Fleet, fleet) ? cached.VmCache : null;

    /// <summary>The parsed fleet of one revision and its nodes' VMs (a reference, so readers outside the round see it whole).</summary>
    private sealed record CachedFleet(string Revision, Fleet Fleet, NodeVmCache VmCache);

    internal static bool SameConditions(IReadOnlyList<ConditionSet> before, IReadOnlyList<ConditionSet> after) =>
        before.Count == after.Count && before.OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .Zip(after.OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
            .All(p => p.First.Kind == p.Second.Kind && p.First.Name == p.Second.Name && p.First.Conditions.SequenceEqual(p.Second.Conditions));
}
