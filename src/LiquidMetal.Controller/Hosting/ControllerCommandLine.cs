namespace LiquidMetal.Controller.Hosting;

/// <summary>Short command-line switches for the controller's most used settings.</summary>
internal static class ControllerCommandLine
{
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--state-dir"] = "Controller:StateDirectory",
        ["--source-folder"] = "Controller:SourceFolder",
        ["--git-repo"] = "Controller:GitRepository",
        ["--git-branch"] = "Controller:GitBranch",
        ["--git-path"] = "Controller:GitPath",
        ["--poll-interval"] = "Controller:PollInterval",
        ["--resync-interval"] = "Controller:ResyncInterval",
        ["--host-grace-period"] = "Controller:HostGracePeriod",
        ["--max-booting"] = "Controller:MaxBooting",
        ["--listen"] = "Controller:Listen",
        ["--insecure"] = "Controller:Insecure",
        ["--tls-cert"] = "Controller:TlsCertificate",
        ["--tls-key"] = "Controller:TlsKey",
        ["--token"] = "Controller:Token",
        ["--token-file"] = "Controller:TokenFile",
        ["--disable-auth"] = "Controller:DisableAuth",
        ["--agents-insecure"] = "Controller:AgentsInsecure",
        ["--log-format"] = "Controller:LogFormat",
        ["--pki-key-file"] = "Pki:EncryptionKeyFile",
    };

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--insecure", "--disable-auth", "--agents-insecure" };

    /// <summary>Lets boolean switches stand alone ("--insecure" means "--insecure true").</summary>
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            result.Add(args[i]);
            if (Flags.Contains(args[i]) && (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                result.Add("true");
            }
        }

        return [.. result];
    }
}
