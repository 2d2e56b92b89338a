namespace LiquidMetal.Agent.Images;

/// <summary>How a layer's tar is compressed.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}
