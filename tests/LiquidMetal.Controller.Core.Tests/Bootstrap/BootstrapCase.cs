using System.Runtime.CompilerServices;
using LiquidMetal.Controller.Core.Bootstrap;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Manifests;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

/// <summary>
/// A golden case: <c>testdata/&lt;case&gt;/input.yaml</c> is a first YAML document naming the node, its action, its host
/// and the bootstrap token, then (after <c>---</c>) the fleet's manifests; <c>expected/</c> holds the rendered
/// user-data, meta-data and vendor-data. The PKI is testdata/pki. LM_UPDATE_GOLDEN=1 rewrites expected/.
/// </summary>
internal sealed record BootstrapCase(string Name, NodeBootstrapRequest Request)
{
    public static readonly string[] Documents = [NodeBootstrap.UserDataKey, NodeBootstrap.MetaDataKey, NodeBootstrap.VendorDataKey];

    public static string Directory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "testdata");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetDirectories(Directory()).Select(Path.GetFileName).Where(n => n != "pki").Order(StringComparer.Ordinal)!;

    public string ExpectedPath(string document) => Path.Combine(Directory(), Name, "expected", document);

    public static BootstrapCase Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Directory(), name, "input.yaml")).ReplaceLineEndings("\n");
        var split = text.IndexOf("\n---\n", StringComparison.Ordinal);
        var stream = new YamlStream();
        stream.Load(new StringReader(text[..split]));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var manifests = FleetManifestLoader.Load([new ManifestFile($"{name}/input.yaml", text[(split + 5)..])]);
        Assert.True(manifests.IsValid, string.Join("\n", manifests.Errors));
        var fleet = manifests.Fleet!;
        var nodeName = Get(root, "node");
        var node = FleetNodes.Expand(fleet).Single(n => n.Name == nodeName);
        return new BootstrapCase(name, new NodeBootstrapRequest
        {
            Cluster = fleet.Clusters.Single(c => c.Name == node.Cluster),
            Node = node,
            Action = Enum.Parse<BootstrapAction>(Get(root, "action")),
            HostName = Get(root, "host"),
            Pki = TestPki.Pki,
            Token = BootstrapToken.Parse(Get(root, "token")),
        });
    }

    public static string Text(NodeBootstrap bootstrap, string document) => document switch
    {
        NodeBootstrap.UserDataKey => bootstrap.UserData,
        NodeBootstrap.MetaDataKey => bootstrap.MetaData,
        _ => bootstrap.VendorData,
    };

    private static string Get(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
