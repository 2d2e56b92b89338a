using Google.Protobuf;
using Grpc.Core;
using LiquidMetal.Agent.Linux.Console;
using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Api;

/// <summary>Streams a VM's serial console log to a client: what is buffered, then (when following) new output.</summary>
internal sealed class ConsoleStreamer(ConsoleFollower follower, VmLayout layout)
{
    public async Task StreamAsync(MicroVm vm, bool follow, long tailBytes, IServerStreamWriter<ConsoleChunk> stream, CancellationToken cancellationToken)
    {
        var path = layout.ConsoleLog(vm.Uid);
        await foreach (var chunk in follower.FollowAsync(path, tailBytes > 0 ? tailBytes : null, follow, cancellationToken))
        {
            await stream.WriteAsync(new ConsoleChunk { Data = ByteString.CopyFrom(chunk) }, cancellationToken);
        }
    }
}
