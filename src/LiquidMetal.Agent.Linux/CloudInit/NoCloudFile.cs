namespace LiquidMetal.Agent.Linux.CloudInit;

/// <summary>One file of a NoCloud seed: its name at the root of the disk and its exact bytes.</summary>
public sealed record NoCloudFile(string Name, ReadOnlyMemory<byte> Content);
