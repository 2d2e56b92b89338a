using Grpc.Core;
using LiquidMetal.Controller.Convergence;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Hosting;
using LiquidMetal.Controller.Manifests;
using Wire = LiquidMetal.Api.Controller.V1;

namespace LiquidMetal.Controller.Api;

/// <summary>The controller API (api/liquidmetal/controller/v1/controller.proto) over the converger and the store.</summary>
internal sealed partial class ControllerGrpcService(
    FleetConverger converger,
    IControllerStore store,
    AgentWatchers watchers,
    DesiredStateUploads uploads,
    ControllerPki pki,
    ILogger<ControllerGrpcService> logger,
    TimeProvider time) : Wire.Controller.ControllerBase
{
    /// <summary>How often a stream looks for a finished round (two properties; the store is read only after a new round).</summary>
    private static readonly TimeSpan ProgressPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>At most this many events ride on one progress message.</summary>
    private const int EventsPerMessage = 500;

    public override async Task<Wire.PlanResponse> Plan(Wire.PlanRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        Fleet? fleet = null;
        string? revision = null;
        if (request.Files.Count > 0)
        {
            var loaded = FleetManifestLoader.Load(request.Files.Select(f => new Manifests.ManifestFile(f.Path, f.Content)));
            if (!loaded.IsValid)
            {
                var refused = new Wire.PlanResponse();
                refused.Errors.AddRange(loaded.Errors.Select(e => e.ToString()));
                return refused;
            }

            fleet = loaded.Fleet;
            revision = DesiredStateUploads.RevisionOf(request.Files.Select(f => new Core.Ports.ManifestFile(f.Path, f.Content)));
        }

        var preview = await converger.PreviewAsync(fleet, revision, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "nothing applied yet: pass manifests to plan (lm plan -f DIR)"));
        return ApiMapper.ToWire(preview.Plan, preview.Revision);
    }

    public override async Task Apply(Wire.ApplyRequest request, IServerStreamWriter<Wire.ApplyProgress> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var eventsSeen = await NewestEventAsync(null, ct).ConfigureAwait(false);
        long generation;
        string revision;
        if (request.Files.Count > 0)
        {
            var outcome = await uploads.ApplyAsync([.. request.Files.Select(f => new Core.Ports.ManifestFile(f.Path, f.Content))], ct).ConfigureAwait(false);
            revision = outcome.Revision;
            if (!outcome.Accepted)
            {
                var refused = new Wire.ApplyProgress { Revision = revision };
                refused.Errors.AddRange(outcome.Errors);
                await responseStream.WriteAsync(refused, ct).ConfigureAwait(false);
                return;
            }

            generation = outcome.Generation;
        }
        else
        {
            var desired = (await store.LoadAsync(ct).ConfigureAwait(false)).Desired
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, "nothing applied yet: pass manifests (lm apply -f DIR)"));
            (generation, revision) = (desired.Generation, desired.Revision);
        }

        var seen = -1L;
        Wire.ApplyProgress? previous = null;
        while (true)
        {
            if (converger.Rounds != seen && converger.LastGeneration >= generation && converger.LastPlan is { } plan)
            {
                seen = converger.Rounds;
                var progress = new Wire.ApplyProgress { Revision = revision, Generation = converger.LastGeneration, Converged = plan.IsConverged };
                progress.Actions.AddRange(plan.Actions.Select(ApiMapper.ToWire));
                progress.Waiting.AddRange(plan.Waiting);
                progress.Machines = plan.Schedule.Placements.Count + plan.Schedule.Unplaced.Count;
                progress.MachinesReady = plan.Conditions.Count(c => c.Find(Core.Convergence.ConditionTypes.VmAvailable)?.Status == Core.Convergence.ConditionStatus.True);
                eventsSeen = await AddEventsAsync(progress.Events, null, eventsSeen, ct).ConfigureAwait(false);

                // Quiet rounds (nothing done, nothing new) are not repeated.
                if (previous is null || progress.Converged || progress.Actions.Count > 0 || progress.Events.Count > 0 ||
                    progress.MachinesReady != previous.MachinesReady || !progress.Waiting.SequenceEqual(previous.Waiting))
                {
                    await responseStream.WriteAsync(progress, ct).ConfigureAwait(false);
                    previous = progress;
                }

                if (plan.IsConverged)
                {
                    return;
                }
            }

            await Task.Delay(ProgressPoll, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The sequence of the newest stored event (of <paramref name="cluster"/> when given); 0 when there is none.</summary>
    private async Task<long> NewestEventAsync(string? cluster, CancellationToken cancellationToken) =>
        await store.ListEventsAsync(cluster, 1, cancellationToken).ConfigureAwait(false) is { Count: > 0 } newest ? newest[^1].Sequence : 0;

    /// <summary>Adds the events stored after <paramref name="after"/> (oldest first) and returns the newest sequence seen.</summary>
    private async Task<long> AddEventsAsync(Google.Protobuf.Collections.RepeatedField<Wire.Event> target, string? cluster, long after, CancellationToken cancellationToken)
    {
        var events = await store.ListEventsAsync(cluster, EventsPerMessage, cancellationToken).ConfigureAwait(false);
        foreach (var stored in events.Where(e => e.Sequence > after))
        {
            target.Add(ApiMapper.ToWire(stored));
            after = stored.Sequence;
        }

        return after;
    }
}
