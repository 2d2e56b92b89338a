namespace LiquidMetal.Oci.Content;

/// <summary>
/// Where a blob download writes. The blob store's sink hashes as it writes and only commits a blob whose digest
/// and size match; <see cref="Length"/> lets a retried download resume with an HTTP Range request.
/// </summary>
public interface IBlobSink
{
    /// <summary>Bytes written so far (the offset to resume from).</summary>
    long Length { get; }

    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Drops everything written (the server ignored a Range request and starts over).</summary>
    ValueTask ResetAsync(CancellationToken cancellationToken);
}
