using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Core.Validation;

namespace LiquidMetal.Controller.Core.Validation;

internal static class HostRules
{
    public const double MaxOvercommit = 16.0;

    public static void Check(ManifestErrors errors, Host host)
    {
        errors.AddIf(!Enum.IsDefined(host.Role), "spec.role", "must be kvm or metal");
        errors.Check("spec.failureDomain", Syntax.Name(host.FailureDomain));
        CheckAgent(errors, host);
        errors.AddIf(host.Reserved.Cpus < 0, "spec.reserved.cpus", $"must be 0 or more (got {host.Reserved.Cpus})");
        errors.AddIf(host.Reserved.MemoryMiB < 0, "spec.reserved.memoryMiB", $"must be 0 or more (got {host.Reserved.MemoryMiB})");
        CheckRatio(errors, "spec.overcommit.cpu", host.Overcommit.Cpu);
        CheckRatio(errors, "spec.overcommit.memory", host.Overcommit.Memory);
        CheckNetworks(errors, host.Networks);
    }

    private static void CheckNetworks(ManifestErrors errors, IReadOnlyList<HostNetwork> networks)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new List<(int Index, System.Net.IPNetwork Network)>();
        for (var i = 0; i < networks.Count; i++)
        {
            var path = $"spec.networks[{i}]";
            if (Syntax.Name(networks[i].Name) is { } problem)
            {
                errors.Add($"{path}.name", problem);
            }
            else
            {
                errors.AddIf(!names.Add(networks[i].Name), $"{path}.name", $"duplicate network name '{networks[i].Name}'");
            }

            if (KubernetesSyntax.NetworkCidr(networks[i].Cidr, out var network) is { } cidrProblem)
            {
                errors.Add($"{path}.cidr", cidrProblem);
                continue;
            }

            foreach (var (index, earlier) in parsed)
            {
                if (KubernetesSyntax.Overlap(earlier, network))
                {
                    errors.Add($"{path}.cidr", $"{networks[i].Cidr} overlaps spec.networks[{index}] ({networks[index].Cidr})");
                    break;
                }
            }

            parsed.Add((i, network));
        }
    }

    private static void CheckAgent(ManifestErrors errors, Host host)
    {
        if (host.Agent is not { } agent)
        {
            errors.AddIf(host.Role == HostRole.Kvm, "spec.agent", "is required for a kvm host (its agent's endpoint)");
            return;
        }

        errors.Check("spec.agent.endpoint", EndpointSyntax.HostPort(agent.Endpoint));
        CheckFile(errors, "spec.agent.caFile", agent.CaFile);
        CheckFile(errors, "spec.agent.tokenFile", agent.TokenFile);
        errors.AddIf(agent.TokenFile is not null && agent.TokenSecretRef is not null, "spec.agent",
            "set at most one of tokenFile and tokenSecretRef");
        if (agent.TokenSecretRef is { } secret)
        {
            errors.Check("spec.agent.tokenSecretRef", Syntax.Name(secret));
        }
    }

    private static void CheckFile(ManifestErrors errors, string field, string? path)
    {
        if (path is not null)
        {
            errors.AddIf(path.Length == 0 || path.Length > 4096 || path.Any(char.IsControl), field,
                "must be a file path of 1-4096 characters without control characters");
        }
    }

    private static void CheckRatio(ManifestErrors errors, string field, double ratio) =>
        errors.AddIf(!(ratio >= 1.0 && ratio <= MaxOvercommit), field, $"must be between 1.0 and {MaxOvercommit:0.0} (got {ratio})");
}
