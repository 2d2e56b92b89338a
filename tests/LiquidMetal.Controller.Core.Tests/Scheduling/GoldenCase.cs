using System.Runtime.CompilerServices;
using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;
using LiquidMetal.Controller.Manifests;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Core.Tests.Scheduling;

/// <summary>
/// A golden case: <c>testdata/&lt;case&gt;/input.yaml</c> is a first YAML document with the hosts' reported
/// capacities and the current placements, then (after <c>---</c>) the fleet's manifests; <c>expected.json</c>
/// is the plan in its stable JSON form. LM_UPDATE_GOLDEN=1 rewrites expected.json from the current scheduler.
/// </summary>
internal sealed record GoldenCase(string Name, Fleet Fleet, IReadOnlyList<HostCapacity> Capacities, IReadOnlyList<Placement> Current)
{
    public static string Directory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "testdata");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetDirectories(Directory()).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public string ExpectedPath => Path.Combine(Directory(), Name, "expected.json");

    public static GoldenCase Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Directory(), name, "input.yaml")).ReplaceLineEndings("\n");
        var split = text.IndexOf("\n---\n", StringComparison.Ordinal);
        var stream = new YamlStream();
        stream.Load(new StringReader(text[..split]));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var manifests = FleetManifestLoader.Load([new ManifestFile($"{name}/input.yaml", text[(split + 5)..])]);
        Assert.True(manifests.IsValid, string.Join("\n", manifests.Errors));
        return new GoldenCase(name, manifests.Fleet!, [.. Items(root, "capacities").Select(ToCapacity)], [.. Items(root, "placements").Select(ToPlacement)]);
    }

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode sequence
            ? sequence.Children.Cast<YamlMappingNode>()
            : [];

    private static string? Get(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static HostCapacity ToCapacity(YamlMappingNode node) => new(
        Get(node, "host")!,
        int.Parse(Get(node, "cpus")!, System.Globalization.CultureInfo.InvariantCulture),
        long.Parse(Get(node, "memoryMiB")!, System.Globalization.CultureInfo.InvariantCulture),
        Get(node, "health") == "failed" ? HostHealth.Failed : HostHealth.Reachable);

    private static Placement ToPlacement(YamlMappingNode node) => new(
        Get(node, "cluster")!,
        Get(node, "node")!,
        Get(node, "role") == "controlPlane" ? NodeRole.ControlPlane : NodeRole.Worker,
        Get(node, "pool"),
        Get(node, "host")!);
}
