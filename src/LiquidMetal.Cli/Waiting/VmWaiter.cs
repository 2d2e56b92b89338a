using Grpc.Core;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Cli.Connection;
using EventType = LiquidMetal.Api.Agent.V1.MicroVMEvent.Types.EventType;

namespace LiquidMetal.Cli.Waiting;

/// <summary>
/// Waits for a VM to settle after a create (CREATED or FAILED) or to disappear after a delete, reporting
/// what it sees. Create waits follow the agent's watch stream; against an agent without it (flintlock),
/// they poll GetMicroVM instead.
/// </summary>
internal sealed class VmWaiter(AgentConnection connection, TimeProvider time)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Returns once the VM is CREATED or FAILED, or gone (deleted meanwhile).</summary>
    public async Task<VmObservation> WaitUntilSettledAsync(string uid, string vmNamespace, IProgress<VmObservation> progress, CancellationToken cancellationToken)
    {
        try
        {
            return await WatchUntilSettledAsync(uid, vmNamespace, progress, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return await PollAsync(uid, progress, o => o.IsSettled || o.IsGone, cancellationToken);
        }
    }

    /// <summary>Returns once GetMicroVM says the VM is not found.</summary>
    public Task<VmObservation> WaitUntilGoneAsync(string uid, IProgress<VmObservation> progress, CancellationToken cancellationToken) =>
        PollAsync(uid, progress, o => o.IsGone, cancellationToken);

    private async Task<VmObservation> WatchUntilSettledAsync(string uid, string vmNamespace, IProgress<VmObservation> progress, CancellationToken cancellationToken)
    {
        while (true)
        {
            // From revision 0 the agent first sends every current VM, so nothing between the create and the watch is missed.
            using var call = connection.HostAgent.WatchMicroVMs(
                new WatchMicroVMsRequest { Namespace = vmNamespace, FromRevision = 0 }, cancellationToken: cancellationToken);
            await foreach (var change in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                if (change.Type == EventType.Bookmark || !IsAbout(change, uid))
                {
                    continue;
                }

                if (change.Type == EventType.Deleted)
                {
                    progress.Report(VmObservation.Gone);
                    return VmObservation.Gone;
                }

                var observation = new VmObservation(change.Microvm, change.Details);
                progress.Report(observation);
                if (observation.IsSettled)
                {
                    return observation;
                }
            }

            // The agent ended the stream (e.g. it is shutting down): watch again after a short pause.
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private async Task<VmObservation> PollAsync(string uid, IProgress<VmObservation> progress, Func<VmObservation, bool> done, CancellationToken cancellationToken)
    {
        var detailsSupported = true;
        while (true)
        {
            VmObservation observation;
            try
            {
                var response = await connection.MicroVms.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid }, cancellationToken: cancellationToken);
                MicroVMDetails? details = null;
                if (detailsSupported)
                {
                    (details, detailsSupported) = await TryGetDetailsAsync(uid, cancellationToken);
                }

                observation = new VmObservation(response.Microvm, details);
            }
            catch (RpcException e) when (IsNotFound(e))
            {
                observation = VmObservation.Gone;
            }

            progress.Report(observation);
            if (done(observation))
            {
                return observation;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>The VM's details, or null when the agent has none for it; the flag says whether to ask again.</summary>
    public async Task<(MicroVMDetails? Details, bool Supported)> TryGetDetailsAsync(string uid, CancellationToken cancellationToken)
    {
        try
        {
            return (await connection.HostAgent.GetMicroVMDetailsAsync(new GetMicroVMDetailsRequest { Uid = uid }, cancellationToken: cancellationToken), true);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return (null, false);
        }
        catch (RpcException e) when (IsNotFound(e))
        {
            return (null, true);
        }
    }

    /// <summary>NotFound, or flintlock's Unknown with "not found" in the message (which the Cluster API provider matches too).</summary>
    public static bool IsNotFound(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode == StatusCode.NotFound
            || (e.StatusCode == StatusCode.Unknown && e.Status.Detail.Contains("not found", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsAbout(MicroVMEvent change, string uid) =>
        change.Microvm?.Spec?.Uid == uid || change.Details?.Uid == uid;
}
