using System.Text.Json;

namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>
/// One call of the cloud-init guest's kubeadm stand-in (guest/debian-cloudinit/rootfs/usr/local/bin/kubeadm), from its
/// log /var/log/kubeadm-invocations (one JSON object per line): the arguments, the caller's uid, and the file given with
/// --config as the stand-in found it at that moment (it may live on /run, gone after a shutdown).
/// </summary>
public sealed record KubeadmInvocation(IReadOnlyList<string> Argv, int Uid, KubeadmConfigFile? Config)
{
    public const string LogPath = "/var/log/kubeadm-invocations";

    public static IReadOnlyList<KubeadmInvocation> ParseLog(string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var invocations = new List<KubeadmInvocation>();
        foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var record = JsonDocument.Parse(line);
            var root = record.RootElement;
            KubeadmConfigFile? config = null;
            if (root.GetProperty("config") is { ValueKind: JsonValueKind.Object } c)
            {
                config = c.TryGetProperty("error", out var error)
                    ? new KubeadmConfigFile(c.GetProperty("path").GetString()!, 0, -1, -1, [], error.GetString())
                    : new KubeadmConfigFile(
                        c.GetProperty("path").GetString()!,
                        Convert.ToInt32(c.GetProperty("mode").GetString(), 8),
                        c.GetProperty("uid").GetInt32(),
                        c.GetProperty("gid").GetInt32(),
                        Convert.FromBase64String(c.GetProperty("content_base64").GetString()!),
                        null);
            }

            invocations.Add(new KubeadmInvocation(
                [.. root.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!)],
                root.GetProperty("uid").GetInt32(),
                config));
        }

        return invocations;
    }
}
