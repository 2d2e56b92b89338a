using System.Runtime.CompilerServices;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Bench.Allocation;

/// <summary>
/// An agent that answers from a fixed list of VMs, for the in-process allocation scenario: its watch lists the VMs
/// (each a fresh deserialised copy, as gRPC delivers them), sends a bookmark and then stays open with no change. It
/// stands in for the network, not for the controller: every controller class above the client port is the real one.
/// </summary>
internal sealed class StaticAgentClient(string endpoint, HostAgentInfo info, IReadOnlyList<string> vmsJson) : IHostAgentClient
{
    public string Endpoint { get; } = endpoint;

    public Task<HostAgentInfo> GetHostInfoAsync(CancellationToken cancellationToken) => Task.FromResult(info);

    public Task<MicroVm> CreateMicroVmAsync(MicroVmSpec spec, CancellationToken cancellationToken) =>
        throw new HostAgentException(HostAgentErrorCode.FailedPrecondition, "the allocation scenario's agents take no creates");

    public Task<MicroVm?> GetMicroVmAsync(string uid, CancellationToken cancellationToken) =>
        Task.FromResult(vmsJson.Select(MicroVmJson.Deserialize<MicroVm>).FirstOrDefault(v => v.Uid == uid));

    public Task<IReadOnlyList<MicroVm>> ListMicroVmsAsync(string? @namespace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MicroVm>>([.. vmsJson.Select(MicroVmJson.Deserialize<MicroVm>).Where(v => @namespace is null || v.Namespace == @namespace)]);

    public Task<bool> DeleteMicroVmAsync(string uid, CancellationToken cancellationToken) =>
        throw new HostAgentException(HostAgentErrorCode.FailedPrecondition, "the allocation scenario's agents take no deletes");

    public async IAsyncEnumerable<MicroVmWatchEvent> WatchMicroVmsAsync(long fromRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var revision = vmsJson.Count + 1L;
        if (fromRevision == 0)
        {
            for (var i = 0; i < vmsJson.Count; i++)
            {
                yield return new MicroVmWatchEvent(MicroVmWatchEventKind.Added, i + 1, MicroVmJson.Deserialize<MicroVm>(vmsJson[i]));
            }

            yield return new MicroVmWatchEvent(MicroVmWatchEventKind.Bookmark, revision, null);
        }

        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }

    public Task<MicroVmDetails> GetMicroVmDetailsAsync(string uid, CancellationToken cancellationToken) =>
        throw new HostAgentException(HostAgentErrorCode.NotFound, "the allocation scenario's agents keep no details");

    public void Dispose()
    {
    }
}
