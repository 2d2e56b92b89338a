using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Core.Service;

namespace LiquidMetal.Agent.Api;

/// <summary>Flintlock's MicroVM service, wire-compatible; semantics live in <see cref="MicroVmService"/>.</summary>
internal sealed class MicroVmGrpcService(MicroVmService service) : MicroVM.MicroVMBase
{
    public override async Task<CreateMicroVMResponse> CreateMicroVM(CreateMicroVMRequest request, ServerCallContext context)
    {
        if (request.Microvm is null)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "microvm: is required"));
        }

        var vm = await service.CreateAsync(ProtoMapper.ToSpec(request.Microvm), context.CancellationToken);
        return new CreateMicroVMResponse { Microvm = ProtoMapper.ToProtoCached(vm) };
    }

    public override async Task<Empty> DeleteMicroVM(DeleteMicroVMRequest request, ServerCallContext context)
    {
        await service.DeleteAsync(request.Uid, context.CancellationToken);
        return new Empty();
    }

    public override Task<GetMicroVMResponse> GetMicroVM(GetMicroVMRequest request, ServerCallContext context) =>
        Task.FromResult(new GetMicroVMResponse { Microvm = ProtoMapper.ToProtoCached(service.Get(request.Uid)) });

    public override Task<ListMicroVMsResponse> ListMicroVMs(ListMicroVMsRequest request, ServerCallContext context)
    {
        var response = new ListMicroVMsResponse();
        response.Microvm.Add(service.List(request.Namespace, request.HasName ? request.Name : null).Select(ProtoMapper.ToProtoCached));
        return Task.FromResult(response);
    }

    public override async Task ListMicroVMsStream(ListMicroVMsRequest request, IServerStreamWriter<ListMessage> responseStream, ServerCallContext context)
    {
        foreach (var vm in service.List(request.Namespace, request.HasName ? request.Name : null))
        {
            await responseStream.WriteAsync(new ListMessage { Microvm = ProtoMapper.ToProtoCached(vm) }, context.CancellationToken);
        }
    }
}
