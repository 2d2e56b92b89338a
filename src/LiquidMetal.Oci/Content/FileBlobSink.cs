using System.Security.Cryptography;
using LiquidMetal.Oci.Manifests;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Content;

/// <summary>
/// Writes one blob into a temp file, hashing as it goes; refuses bytes beyond the descriptor's size.
/// <see cref="VerifyAndSync"/> checks size and digest and fsyncs before the store renames it into place.
/// </summary>
internal sealed class FileBlobSink : IBlobSink, IDisposable
{
    private readonly Descriptor _descriptor;
    private readonly string _source;
    private readonly Action<long>? _progress;
    private readonly FileStream _file;
    private IncrementalHash _hash;

    public FileBlobSink(string path, Descriptor descriptor, string source, Action<long>? progress)
    {
        Path = path;
        _descriptor = descriptor;
        _source = source;
        _progress = progress;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
        _hash = descriptor.Digest.CreateHash();
    }

    public string Path { get; }

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Length + data.Length > _descriptor.Size)
        {
            throw Mismatch($"more than the {_descriptor.Size} bytes its descriptor says");
        }

        _hash.AppendData(data.Span);
        try
        {
            await _file.WriteAsync(data, cancellationToken);
        }
        catch (IOException e)
        {
            throw new OciException(OciErrorCode.StorageFailure, $"Blob {_descriptor.Digest} from {_source} cannot be written to {Path}: {e.Message}. Free disk space or fix permissions, then retry.", e);
        }

        Length += data.Length;
        _progress?.Invoke(Length);
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        _file.SetLength(0);
        _file.Position = 0;
        _hash.Dispose();
        _hash = _descriptor.Digest.CreateHash();
        Length = 0;
        _progress?.Invoke(0);
        return ValueTask.CompletedTask;
    }

    /// <summary>Throws <see cref="OciErrorCode.DigestMismatch"/> unless the content is complete and hashes right; then fsyncs.</summary>
    public void VerifyAndSync()
    {
        if (Length != _descriptor.Size)
        {
            throw Mismatch($"{Length} bytes, its descriptor says {_descriptor.Size}");
        }

        var actual = Digest.FromHash(_descriptor.Digest.Algorithm, _hash.GetHashAndReset());
        if (actual != _descriptor.Digest)
        {
            throw Mismatch($"content that hashes to {actual}");
        }

        _file.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        _file.Dispose();
        _hash.Dispose();
    }

    private OciException Mismatch(string what) =>
        new(OciErrorCode.DigestMismatch, $"Blob {_descriptor.Digest} from {_source} has {what}. The source's copy is corrupt or was changed; nothing was stored. Re-push the image or repair the registry's storage.");
}
