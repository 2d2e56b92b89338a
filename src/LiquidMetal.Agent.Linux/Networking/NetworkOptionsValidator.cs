using Microsoft.Extensions.Options;

namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>Checks <see cref="NetworkOptions"/> at start-up (register with ValidateOnStart).</summary>
public sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Namespace is { } ns && LinuxNames.CheckNamespace(ns) is { } nsProblem)
        {
            errors.Add($"NetworkOptions.Namespace {nsProblem}");
        }

        if (LinuxNames.CheckInterface(options.DefaultBridge) is { } bridgeProblem)
        {
            errors.Add($"NetworkOptions.DefaultBridge {bridgeProblem}");
        }

        if (options.DefaultMacvtapParent is { } parent && LinuxNames.CheckInterface(parent) is { } parentProblem)
        {
            errors.Add($"NetworkOptions.DefaultMacvtapParent {parentProblem}");
        }

        if (string.IsNullOrWhiteSpace(options.IpPath))
        {
            errors.Add("NetworkOptions.IpPath is required");
        }

        if (!Path.IsPathRooted(options.DeviceDirectory))
        {
            errors.Add("NetworkOptions.DeviceDirectory must be an absolute path");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
