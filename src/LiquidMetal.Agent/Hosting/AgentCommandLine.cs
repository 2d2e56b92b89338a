namespace LiquidMetal.Agent.Hosting;

/// <summary>Short command-line switches for the agent's most used settings.</summary>
internal static class AgentCommandLine
{
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--state-dir"] = "Agent:StateDirectory",
        ["--images-dir"] = "Agent:ImagesDirectory",
        ["--listen"] = "Agent:Listen",
        ["--unix-socket"] = "Agent:UnixSocket",
        ["--insecure"] = "Agent:Insecure",
        ["--tls-cert"] = "Agent:TlsCertificate",
        ["--tls-key"] = "Agent:TlsKey",
        ["--client-ca"] = "Agent:ClientCa",
        ["--token"] = "Agent:Token",
        ["--token-file"] = "Agent:TokenFile",
        ["--disable-auth"] = "Agent:DisableAuth",
        ["--reconcile"] = "Agent:Reconcile",
        ["--log-format"] = "Agent:LogFormat",
        ["--workers"] = "Reconciler:Workers",
        ["--boot-timeout"] = "Reconciler:BootTimeout",
        ["--bridge"] = "Reconciler:DefaultBridge",
        ["--macvtap-parent"] = "Reconciler:DefaultMacvtapParent",
        ["--netns"] = "Reconciler:NetworkNamespace",
        ["--image-cache-dir"] = "Images:CacheDirectory",
        ["--image-cache-budget-mib"] = "Images:CacheBudgetMiB",
        ["--image-prune-interval"] = "Images:PruneInterval",
        ["--registry-config"] = "Images:RegistryConfig",
    };

    /// <summary>Lets boolean switches stand alone ("--insecure" means "--insecure true").</summary>
    public static string[] Normalize(string[] args)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal) { "--insecure", "--disable-auth" };
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (flags.Contains(args[i]) && (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                result.Add("true");
            }
        }

        return [.. result];
    }
}
