namespace LiquidMetal.Core.Ports;

/// <summary>What an image is resolved for: one file out of it (kernel, initrd) or its whole filesystem (a volume).</summary>
public enum ImageUse
{
    Kernel = 0,
    Initrd = 1,
    Volume = 2,
}
