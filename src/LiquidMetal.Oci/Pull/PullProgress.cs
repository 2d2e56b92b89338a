using LiquidMetal.Oci.References;

namespace LiquidMetal.Oci.Pull;

/// <summary>Progress of one layer of a pull: <paramref name="BytesDone"/> of <paramref name="BytesTotal"/>.</summary>
/// <param name="LayerIndex">0-based position of the layer in the manifest.</param>
/// <param name="Cached">The layer was already in the blob store (nothing downloaded).</param>
public sealed record PullProgress(Digest Layer, int LayerIndex, int LayerCount, long BytesDone, long BytesTotal, bool Cached)
{
    public bool Completed => BytesDone == BytesTotal;
}
