namespace LiquidMetal.Agent.Qemu;

/// <summary>What qemu-img info says about a base image: its format ("raw" or "qcow2") and guest-visible size in bytes.</summary>
internal sealed record BaseImageInfo(string Format, long VirtualSize);
