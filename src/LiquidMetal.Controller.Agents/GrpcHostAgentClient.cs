using LiquidMetal.Api.Mapping;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Api.Flintlock.Services.V1Alpha1;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Agents;

/// <summary>
/// <see cref="IHostAgentClient"/> over gRPC: flintlock's MicroVM service for VMs, Liquid Metal's HostAgent
/// service for host info, details and the watch. Unary calls carry a deadline; every failure is a
/// <see cref="HostAgentException"/>. Thread-safe; one channel (HTTP/2 connection) per client.
/// </summary>
public sealed class GrpcHostAgentClient : IHostAgentClient
{
    private readonly GrpcChannel _channel;
    private readonly MicroVM.MicroVMClient _vms;
    private readonly HostAgent.HostAgentClient _host;
    private readonly HostAgentClientOptions _options;
    private readonly TimeProvider _time;

    public GrpcHostAgentClient(HostAgentEndpoint endpoint, HostAgentClientOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _options = options ?? new HostAgentClientOptions();
        _time = time ?? TimeProvider.System;
        (_channel, var invoker) = AgentChannel.Create(endpoint, _options);
        _vms = new MicroVM.MicroVMClient(invoker);
        _host = new HostAgent.HostAgentClient(invoker);
        Endpoint = endpoint.Address;
    }

    public string Endpoint { get; }

    public Task<HostAgentInfo> GetHostInfoAsync(CancellationToken cancellationToken) =>
        CallAsync("GetHostInfo", async () => AgentWireMapper.FromWire(
            await _host.GetHostInfoAsync(new GetHostInfoRequest(), deadline: Deadline(), cancellationToken: cancellationToken)), cancellationToken);

    public Task<MicroVm> CreateMicroVmAsync(MicroVmSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return CallAsync($"CreateMicroVM {spec.Namespace}/{spec.Id}", async () =>
        {
            var request = new CreateMicroVMRequest { Microvm = MicroVmWire.ToWire(spec) };
            var response = await _vms.CreateMicroVMAsync(request, deadline: Deadline(), cancellationToken: cancellationToken);
            return MicroVmWire.ToMicroVm(response.Microvm);
        }, cancellationToken);
    }

    public async Task<MicroVm?> GetMicroVmAsync(string uid, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync($"GetMicroVM {uid}", async () => MicroVmWire.ToMicroVm(
                (await _vms.GetMicroVMAsync(new GetMicroVMRequest { Uid = uid }, deadline: Deadline(), cancellationToken: cancellationToken)).Microvm), cancellationToken);
        }
        catch (HostAgentException e) when (e.Code == HostAgentErrorCode.NotFound)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<MicroVm>> ListMicroVmsAsync(string? @namespace, CancellationToken cancellationToken) =>
        CallAsync<IReadOnlyList<MicroVm>>("ListMicroVMs", async () =>
        {
            var response = await _vms.ListMicroVMsAsync(new ListMicroVMsRequest { Namespace = @namespace ?? "" }, deadline: Deadline(), cancellationToken: cancellationToken);
            return [.. response.Microvm.Select(MicroVmWire.ToMicroVm)];
        }, cancellationToken);

    public async Task<bool> DeleteMicroVmAsync(string uid, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync($"DeleteMicroVM {uid}", async () =>
                await _vms.DeleteMicroVMAsync(new DeleteMicroVMRequest { Uid = uid }, deadline: Deadline(), cancellationToken: cancellationToken), cancellationToken);
            return true;
        }
        catch (HostAgentException e) when (e.Code == HostAgentErrorCode.NotFound)
        {
            return false;
        }
    }

    public Task<MicroVmDetails> GetMicroVmDetailsAsync(string uid, CancellationToken cancellationToken) =>
        CallAsync($"GetMicroVMDetails {uid}", async () => AgentWireMapper.FromWire(
            await _host.GetMicroVMDetailsAsync(new GetMicroVMDetailsRequest { Uid = uid }, deadline: Deadline(), cancellationToken: cancellationToken)), cancellationToken);

    public async IAsyncEnumerable<MicroVmWatchEvent> WatchMicroVmsAsync(long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var operation = $"WatchMicroVMs from revision {fromRevision}";
        using var call = _host.WatchMicroVMs(new WatchMicroVMsRequest { FromRevision = fromRevision }, cancellationToken: cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await call.ResponseStream.MoveNext(cancellationToken);
            }
            catch (RpcException e)
            {
                throw Map(e, operation, cancellationToken);
            }

            if (!more)
            {
                // The agent never ends a watch by itself: a clean end means it is shutting down.
                throw new HostAgentException(HostAgentErrorCode.Unavailable, $"Agent {Endpoint}: the agent ended {operation} (it is probably restarting); resume from the last revision seen");
            }

            yield return AgentWireMapper.FromWire(call.ResponseStream.Current);
        }
    }

    public void Dispose() => _channel.Dispose();

    private DateTime Deadline() => _time.GetUtcNow().UtcDateTime + _options.CallTimeout;

    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (RpcException e)
        {
            throw Map(e, operation, cancellationToken);
        }
    }

    /// <summary>The caller's own cancellation stays an <see cref="OperationCanceledException"/>; everything else is mapped.</summary>
    private Exception Map(RpcException e, string operation, CancellationToken cancellationToken) =>
        e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested
            ? new OperationCanceledException($"{operation} on agent {Endpoint} was cancelled", e, cancellationToken)
            : RpcErrorMapper.Map(e, Endpoint, operation);
}
