using System.Text.Json;
using LiquidMetal.Oci.Content;
using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Pull;

/// <summary>
/// Which digest each pulled tag resolved to (<c>&lt;root&gt;/tags.json</c>, beside the blobs), so a pulled tag can
/// be used offline. Updates are read-modify-write under a lock file and replace the file atomically (temp, fsync,
/// rename), so concurrent processes lose no entry and a crash leaves the old or the new file.
/// </summary>
public sealed class TagStore(string root, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    private string FilePath => Path.Combine(root, "tags.json");

    /// <summary>Records that <paramref name="reference"/>'s tag resolved to <paramref name="digest"/> (no-op for a digest-only reference).</summary>
    public async Task RecordAsync(ImageReference reference, Digest digest, CancellationToken cancellationToken)
    {
        if (reference.Tag is null)
        {
            return;
        }

        using var held = await FileLock.AcquireAsync(Path.Combine(root, "locks", "tags.lock"), _time, cancellationToken);
        var tags = Read();
        tags[Key(reference)] = digest.ToString();
        var temp = Path.Combine(root, "tmp", $"tags.{Guid.NewGuid():N}.json");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                await JsonSerializer.SerializeAsync(file, tags, TagStoreJsonContext.Default.SortedDictionaryStringString, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, FilePath, overwrite: true);
            DirectorySync.Sync(root);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The digest a tag last resolved to here, if it was pulled.</summary>
    public Digest? Find(ImageReference reference) =>
        reference.Tag is not null && Read().TryGetValue(Key(reference), out var value) && Digest.TryParse(value, out var digest) ? digest : null;

    /// <summary>Every recorded <c>registry/repository:tag</c> and its digest.</summary>
    public IReadOnlyDictionary<string, string> List() => Read();

    private static string Key(ImageReference reference) => $"{reference.Registry}/{reference.Repository}:{reference.Tag}";

    private SortedDictionary<string, string> Read()
    {
        try
        {
            var bytes = File.ReadAllBytes(FilePath);
            var read = JsonSerializer.Deserialize(bytes, TagStoreJsonContext.Default.SortedDictionaryStringString);
            return read is null ? new(StringComparer.Ordinal) : new(read, StringComparer.Ordinal);
        }
        catch (FileNotFoundException)
        {
            return new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // Only this class writes the file, atomically; unreadable means tampering. Tags are a cache: start over.
            return new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
    }
}
