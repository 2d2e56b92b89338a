using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>Checks a whole fleet (every object and the references between them) and reports every error at once.</summary>
public static class FleetValidator
{
    public static FleetValidationResult Validate(IReadOnlyList<ManifestObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var errors = new List<ManifestError>();
        var firstByName = new Dictionary<(string Kind, string Name), ManifestLocation>();
        var hosts = objects.Select(o => o.Item).OfType<Host>().ToList();
        var templates = objects.Select(o => o.Item).OfType<MachineTemplate>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var endpoints = new EndpointClashes();
        foreach (var (location, item) in objects)
        {
            var sink = new ManifestErrors(location, errors);
            CheckMetadata(sink, item, location, firstByName);
            switch (item)
            {
                case Host host:
                    HostRules.Check(sink, host);
                    break;
                case Cluster cluster:
                    ClusterRules.Check(sink, cluster, templates, hosts);
                    endpoints.Check(sink, cluster, location);
                    break;
                case MachineTemplate template:
                    MachineRules.Check(sink, "spec", template.Machine);
                    break;
                default:
                    sink.Add("kind", $"unsupported kind {item.Kind}");
                    break;
            }
        }

        return new FleetValidationResult(errors.Count == 0 ? Build(objects) : null, errors);
    }

    private static void CheckMetadata(ManifestErrors errors, IFleetObject item, ManifestLocation location,
        Dictionary<(string Kind, string Name), ManifestLocation> firstByName)
    {
        if (Syntax.Name(item.Name) is { } problem)
        {
            errors.Add("metadata.name", problem);
        }
        else if (!firstByName.TryAdd((item.Kind, item.Name), location))
        {
            errors.Add("metadata.name", $"duplicate {item.Kind} name '{item.Name}' (first declared in {firstByName[(item.Kind, item.Name)]})");
        }

        CommonRules.CheckLabels(errors, "metadata.labels", item.Labels);
    }

    private static Fleet Build(IReadOnlyList<ManifestObject> objects)
    {
        var all = objects.Select(o => o.Item).ToList();
        return new Fleet
        {
            Hosts = [.. all.OfType<Host>().OrderBy(h => h.Name, StringComparer.Ordinal)],
            Clusters = [.. all.OfType<Cluster>().OrderBy(c => c.Name, StringComparer.Ordinal)],
            Templates = [.. all.OfType<MachineTemplate>().OrderBy(t => t.Name, StringComparer.Ordinal)],
        };
    }
}
