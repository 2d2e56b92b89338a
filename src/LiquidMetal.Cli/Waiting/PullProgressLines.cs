using LiquidMetal.Api.Agent.V1;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Waiting;

/// <summary>For a redirected standard error: one line per layer when it is done (downloaded or already on the host).</summary>
internal sealed class PullProgressLines
{
    private readonly HashSet<int> _finished = [];

    /// <summary>The line to print for this update, or null when it adds nothing.</summary>
    public string? Describe(PullImageProgress update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Done is not null || update.BytesDone < update.BytesTotal || !_finished.Add(update.LayerIndex))
        {
            return null;
        }

        var how = update.Cached ? "already on the host" : "downloaded";
        return $"  layer {update.LayerIndex + 1}/{update.LayerCount} {TableRenderer.ShortDigest(update.LayerDigest)} {Humanize.Bytes(update.BytesTotal)} {how}";
    }
}
