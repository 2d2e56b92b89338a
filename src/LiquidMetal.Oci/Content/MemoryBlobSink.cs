using System.Buffers;

namespace LiquidMetal.Oci.Content;

/// <summary>A blob sink in memory, for small blobs (configs, manifests) whose size is already bounded.</summary>
internal sealed class MemoryBlobSink(long capacity) : IBlobSink
{
    private readonly ArrayBufferWriter<byte> _buffer = new((int)Math.Clamp(capacity, 256, 16 * 1024 * 1024));

    public long Length => _buffer.WrittenCount;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _buffer.Write(data.Span);
        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        return ValueTask.CompletedTask;
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
