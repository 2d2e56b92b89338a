using Grpc.Core;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Vms;
using LiquidMetal.Agent.Hosting;

namespace LiquidMetal.Agent.Api;

/// <summary>Liquid Metal's own agent service: host inventory, a resumable watch, failure details, the console, images.</summary>
internal sealed class HostAgentGrpcService(
    IVmStore store,
    HostInventory inventory,
    ConsoleStreamer console,
    ImageApi images) : HostAgent.HostAgentBase
{
    public override Task<ListImagesResponse> ListImages(ListImagesRequest request, ServerCallContext context) =>
        images.ListAsync(context.CancellationToken);

    public override Task PullImage(PullImageRequest request, IServerStreamWriter<PullImageProgress> responseStream, ServerCallContext context) =>
        images.PullAsync(request, responseStream, context.CancellationToken);

    public override Task<RemoveImageResponse> RemoveImage(RemoveImageRequest request, ServerCallContext context) =>
        images.RemoveAsync(request, context.CancellationToken);

    public override Task<PruneImagesResponse> PruneImages(PruneImagesRequest request, ServerCallContext context) =>
        images.PruneAsync(request, context.CancellationToken);

    public override async Task<HostInfo> GetHostInfo(GetHostInfoRequest request, ServerCallContext context) =>
        await inventory.DescribeAsync(context.CancellationToken);

    public override Task<MicroVMDetails> GetMicroVMDetails(GetMicroVMDetailsRequest request, ServerCallContext context)
    {
        var snapshot = store.Snapshot();
        var vm = store.Get(request.Uid) ?? throw new RpcException(new Status(StatusCode.NotFound, $"microvm {request.Uid} not found"));
        return Task.FromResult(ProtoMapper.ToDetails(vm, snapshot.Revision));
    }

    public override async Task WatchMicroVMs(WatchMicroVMsRequest request, IServerStreamWriter<MicroVMEvent> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var from = request.FromRevision;
        if (from == 0)
        {
            var snapshot = store.Snapshot();
            foreach (var vm in snapshot.Vms.Where(v => Matches(v, request.Namespace)))
            {
                await responseStream.WriteAsync(Event(MicroVMEvent.Types.EventType.Added, snapshot.Revision, vm), ct);
            }

            await responseStream.WriteAsync(new MicroVMEvent { Type = MicroVMEvent.Types.EventType.Bookmark, Revision = snapshot.Revision }, ct);
            from = snapshot.Revision;
        }

        await foreach (var change in store.WatchAsync(from, ct))
        {
            if (Matches(change.Vm, request.Namespace))
            {
                var type = change.Type switch
                {
                    VmChangeType.Added => MicroVMEvent.Types.EventType.Added,
                    VmChangeType.Deleted => MicroVMEvent.Types.EventType.Deleted,
                    _ => MicroVMEvent.Types.EventType.Modified,
                };
                await responseStream.WriteAsync(Event(type, change.Revision, change.Vm), ct);
            }
        }
    }

    public override async Task StreamConsole(StreamConsoleRequest request, IServerStreamWriter<ConsoleChunk> responseStream, ServerCallContext context)
    {
        var vm = store.Get(request.Uid) ?? throw new RpcException(new Status(StatusCode.NotFound, $"microvm {request.Uid} not found"));
        await console.StreamAsync(vm, request.Follow, request.TailBytes, responseStream, context.CancellationToken);
    }

    private static bool Matches(MicroVm vm, string @namespace) =>
        string.IsNullOrEmpty(@namespace) || string.Equals(vm.Namespace, @namespace, StringComparison.Ordinal);

    private static MicroVMEvent Event(MicroVMEvent.Types.EventType type, long revision, MicroVm vm) => new()
    {
        Type = type,
        Revision = revision,
        Microvm = ProtoMapper.ToProtoCached(vm),
        Details = ProtoMapper.ToDetails(vm, revision),
    };
}
