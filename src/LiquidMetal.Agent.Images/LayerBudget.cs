namespace LiquidMetal.Agent.Images;

/// <summary>Counts entries and file bytes over all layers of one image against <see cref="LayerLimits"/>.</summary>
internal sealed class LayerBudget(LayerLimits limits)
{
    public long Entries { get; private set; }

    public long FileBytes { get; private set; }

    public void CountEntry(string layerDigest)
    {
        if (++Entries > limits.MaxEntries)
        {
            throw Exceeded(layerDigest, $"more than {limits.MaxEntries} entries");
        }
    }

    public void CountFile(long size, string name, string layerDigest)
    {
        if (size > limits.MaxFileBytes)
        {
            throw Exceeded(layerDigest, $"a file '{name}' of {size} bytes, over the {limits.MaxFileBytes}-byte limit for one file");
        }

        FileBytes += size;
        if (FileBytes > limits.MaxTotalBytes)
        {
            throw Exceeded(layerDigest, $"more than {limits.MaxTotalBytes} bytes of files");
        }
    }

    private static ImagesException Exceeded(string layerDigest, string what) =>
        new(ImagesErrorCode.LimitExceeded,
            $"Layer {layerDigest} expands to {what}; the image is rejected as a possible tar bomb (raise the layer limits if it is genuine)");
}
