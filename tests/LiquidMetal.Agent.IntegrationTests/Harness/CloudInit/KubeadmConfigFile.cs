namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>The file kubeadm was given with --config, as the stand-in read it; <see cref="Error"/> when it could not.</summary>
public sealed record KubeadmConfigFile(string Path, int Mode, int Uid, int Gid, byte[] Content, string? Error);
