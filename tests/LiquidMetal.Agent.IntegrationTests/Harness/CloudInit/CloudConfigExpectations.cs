using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Agent.IntegrationTests.Harness.CloudInit;

/// <summary>
/// What cloud-init should make of a node's bootstrap data, read from the data itself so that any user-data (hand-written
/// or rendered) is checked the same way: the files of <c>write_files</c> (decoded, with jinja variables rendered), the
/// hostname, root's SSH keys and the kubeadm commands of <c>runcmd</c>.
/// </summary>
/// <remarks>
/// cloud-init's rules, as of Debian 12's cloud-init 22.4: user-data keys win over vendor-data keys (a list is replaced,
/// not merged); a part starting with <c>## template: jinja</c> is rendered first (only <c>{{ ds.meta_data.KEY }}</c>
/// and <c>{{ v1.instance_id|local_hostname }}</c> are supported here: anything else throws, so a check never passes
/// on a guess); the hostname comes from <c>fqdn</c>/<c>hostname</c>, else meta-data's <c>local-hostname</c>, cut at the
/// first dot; <c>write_files</c> defaults are mode 0644 and owner root:root.
/// </remarks>
public sealed partial class CloudConfigExpectations
{
    private const string JinjaHeader = "## template: jinja";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly HashSet<string> ShellOperators = ["&&", "||", ";", "|", "&", ">", ">>", "<", "2>", "2>&1"];

    private CloudConfigExpectations(IReadOnlyList<ExpectedFile> files, string hostname, IReadOnlyList<string> rootSshKeys, IReadOnlyList<IReadOnlyList<string>> kubeadmCommands)
    {
        Files = files;
        Hostname = hostname;
        RootSshKeys = rootSshKeys;
        KubeadmCommands = kubeadmCommands;
    }

    /// <summary>The final state of each file <c>write_files</c> names, in order of first mention.</summary>
    public IReadOnlyList<ExpectedFile> Files { get; }

    /// <summary>The short hostname cloud-init sets (and writes to /etc/hostname).</summary>
    public string Hostname { get; }

    /// <summary>Keys of the <c>users</c> entry named root (written to /root/.ssh/authorized_keys).</summary>
    public IReadOnlyList<string> RootSshKeys { get; }

    /// <summary>The arguments after <c>kubeadm</c> of each kubeadm command in <c>runcmd</c>, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> KubeadmCommands { get; }

    /// <param name="instanceId">The VM's uid: the agent's seed sets it as the instance id.</param>
    /// <param name="vmId">The VM's id: the agent's hostname when meta-data has none.</param>
    public static CloudConfigExpectations From(NodeBootstrapData data, string instanceId, string vmId)
    {
        ArgumentNullException.ThrowIfNull(data);
        var metaData = ParseMapping(data.MetaData, "meta-data");
        var localHostname = Scalar(metaData, "local-hostname") ?? Scalar(metaData, "local_hostname") ?? vmId;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metaData.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode { Value: { } text })
            {
                variables[$"ds.meta_data.{name.Replace('-', '_')}"] = text;
            }
        }

        variables["ds.meta_data.instance_id"] = variables["v1.instance_id"] = instanceId;
        variables["ds.meta_data.local_hostname"] = variables["v1.local_hostname"] = localHostname;

        var user = ParseCloudConfig(data.UserData, "user-data", variables);
        var vendor = data.VendorData is null ? [] : ParseCloudConfig(data.VendorData, "vendor-data", variables);
        YamlNode? Key(string key) =>
            user.Children.TryGetValue(new YamlScalarNode(key), out var u) ? u
            : vendor.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v
            : null;

        return new CloudConfigExpectations(
            WriteFiles(Key("write_files")),
            HostnameOf(Key("fqdn"), Key("hostname"), localHostname),
            RootKeys(Key("users")),
            KubeadmCommandsOf(Key("runcmd")));
    }

    /// <summary>Renders the <c>{{ ... }}</c> variables of a jinja template part; throws for anything it does not know.</summary>
    public static string RenderJinja(string text, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);
        if (text.Contains("{%", StringComparison.Ordinal) || text.Contains("{#", StringComparison.Ordinal))
        {
            throw new NotSupportedException("jinja statements and comments ({% %}, {# #}) are not supported by this check; only {{ variables }}");
        }

        return JinjaVariable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            return variables.TryGetValue(name, out var value)
                ? value
                : throw new NotSupportedException($"jinja variable '{name}' is unknown to this check (known: {string.Join(", ", variables.Keys.Order(StringComparer.Ordinal))})");
        });
    }

    /// <summary>Words of a shell command line: blanks split, quotes group (no expansion).</summary>
    public static IReadOnlyList<string> ShellWords(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < command.Length)
                {
                    word.Append(command[++i]);
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    inWord = true;
                    break;
                case '\\' when i + 1 < command.Length:
                    word.Append(command[++i]);
                    inWord = true;
                    break;
                case ' ' or '\t' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }

                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        if (quote is not null)
        {
            throw new FormatException($"unterminated quote in command: {command}");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static YamlMappingNode ParseCloudConfig(string text, string name, IReadOnlyDictionary<string, string> variables)
    {
        var firstLine = text.Split('\n', 2)[0].TrimEnd('\r');
        if (string.Equals(firstLine.Trim(), JinjaHeader, StringComparison.OrdinalIgnoreCase))
        {
            text = RenderJinja(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..], variables);
        }

        if (!text.StartsWith("#cloud-config", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{name} must be a #cloud-config document (optionally a jinja template) for this check");
        }

        return ParseMapping(text, name);
    }

    private static YamlMappingNode ParseMapping(string text, string name)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{name} is not valid YAML: {ex.Message}", ex);
        }

        return stream.Documents.Count == 0 ? []
            : stream.Documents[0].RootNode as YamlMappingNode ?? throw new FormatException($"{name} is not a YAML mapping");
    }

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    private static List<ExpectedFile> WriteFiles(YamlNode? node)
    {
        var files = new List<ExpectedFile>();
        if (node is null)
        {
            return files;
        }

        var entries = node as YamlSequenceNode ?? throw new FormatException("write_files must be a list");
        for (var i = 0; i < entries.Children.Count; i++)
        {
            var entry = entries.Children[i] as YamlMappingNode ?? throw new FormatException($"write_files[{i}] must be a mapping");
            var path = Scalar(entry, "path") ?? throw new FormatException($"write_files[{i}].path is missing");
            var content = Decode(Scalar(entry, "content") ?? "", Scalar(entry, "encoding"), $"write_files[{i}]");
            var owner = (Scalar(entry, "owner") ?? "root:root").Split(':', 2);
            var append = string.Equals(Scalar(entry, "append"), "true", StringComparison.OrdinalIgnoreCase);
            var file = new ExpectedFile(path, Permissions(entry, i), owner[0], owner.Length > 1 ? owner[1] : "root", content, append);

            var earlier = files.FindIndex(f => f.Path == path);
            if (earlier < 0)
            {
                files.Add(file);
            }
            else
            {
                files[earlier] = append
                    ? file with { Content = [.. files[earlier].Content, .. content], Append = files[earlier].Append }
                    : file;
            }
        }

        return files;
    }

    /// <summary>cloud-init's <c>decode_perms</c>: a YAML integer as is (0644 is octal in YAML 1.1), a string as octal, default 0644.</summary>
    private static int Permissions(YamlMappingNode entry, int index)
    {
        if (!entry.Children.TryGetValue(new YamlScalarNode("permissions"), out var node))
        {
            return Convert.ToInt32("644", 8);
        }

        var scalar = node as YamlScalarNode ?? throw new FormatException($"write_files[{index}].permissions must be a scalar");
        var text = scalar.Value ?? "";
        try
        {
            if (scalar.Style == ScalarStyle.Plain && !text.StartsWith('0'))
            {
                return int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
            }

            return Convert.ToInt32(text.StartsWith("0o", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, 8);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"write_files[{index}].permissions '{text}' is not a file mode", ex);
        }
    }

    private static byte[] Decode(string content, string? encoding, string field) => encoding?.ToLowerInvariant() switch
    {
        null or "" or "text/plain" => Utf8.GetBytes(content),
        "b64" or "base64" => Convert.FromBase64String(content),
        "gz+b64" or "gz+base64" or "gzip+b64" or "gzip+base64" => Gunzip(Convert.FromBase64String(content)),
        _ => throw new NotSupportedException($"{field}.encoding '{encoding}' is not supported by this check"),
    };

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static string HostnameOf(YamlNode? fqdn, YamlNode? hostname, string localHostname)
    {
        var fqdnText = (fqdn as YamlScalarNode)?.Value;
        var hostnameText = (hostname as YamlScalarNode)?.Value;
        if (fqdnText is { Length: > 0 })
        {
            return hostnameText is { Length: > 0 } ? hostnameText : fqdnText.Split('.')[0];
        }

        return (hostnameText is { Length: > 0 } ? hostnameText : localHostname).Split('.')[0];
    }

    private static IReadOnlyList<string> RootKeys(YamlNode? users)
    {
        if (users is not YamlSequenceNode list)
        {
            return [];
        }

        foreach (var user in list.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(user, "name") == "root"
                && user.Children.TryGetValue(new YamlScalarNode("ssh_authorized_keys"), out var keys) && keys is YamlSequenceNode keyList)
            {
                return [.. keyList.Children.OfType<YamlScalarNode>().Select(k => (k.Value ?? "").Trim())];
            }
        }

        return [];
    }

    private static List<IReadOnlyList<string>> KubeadmCommandsOf(YamlNode? runcmd)
    {
        var commands = new List<IReadOnlyList<string>>();
        if (runcmd is not YamlSequenceNode list)
        {
            return commands;
        }

        foreach (var item in list.Children)
        {
            IReadOnlyList<string> words = item switch
            {
                YamlScalarNode { Value: { } command } => ShellWords(command),
                YamlSequenceNode argv => [.. argv.Children.OfType<YamlScalarNode>().Select(a => a.Value ?? "")],
                _ => [],
            };
            for (var i = 0; i < words.Count; i++)
            {
                if (Path.GetFileName(words[i]) == "kubeadm" && (i == 0 || ShellOperators.Contains(words[i - 1])))
                {
                    commands.Add([.. words.Skip(i + 1).TakeWhile(w => !ShellOperators.Contains(w))]);
                }
            }
        }

        return commands;
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex JinjaVariable();
}
