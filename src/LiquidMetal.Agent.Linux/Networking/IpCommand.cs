using LiquidMetal.Agent.Linux.Host;
using LiquidMetal.Core.Ports;

namespace LiquidMetal.Agent.Linux.Networking;

/// <summary>The <c>ip</c> command, aimed at one network namespace (or the agent's own when none is set).</summary>
internal sealed class IpCommand(string ipPath, string? networkNamespace)
{
    public string? Namespace { get; } = networkNamespace;

    /// <summary>Where commands act, for messages: "network namespace x" or "the agent's network namespace".</summary>
    public string Where => Namespace is null ? "the agent's network namespace" : $"network namespace '{Namespace}'";

    /// <summary>How to type an ip command for this namespace in a hint: "ip" or "ip -n x".</summary>
    public string Hint => Namespace is null ? "ip" : $"ip -n {Namespace}";

    /// <summary>The argument list for <c>ip</c>: <c>-n NS</c> first when a namespace is set.</summary>
    public static IReadOnlyList<string> BuildArguments(string? networkNamespace, IReadOnlyList<string> arguments) =>
        networkNamespace is null ? [.. arguments] : ["-n", networkNamespace, .. arguments];

    public async Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(ipPath, BuildArguments(Namespace, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (ToolNotFoundException ex)
        {
            throw new NetworkException($"{ex.Message}: install iproute2 (Debian package iproute2) or set NetworkOptions.IpPath", ex) { IsPrecondition = true };
        }

        if (!result.Succeeded && result.StandardError.Contains("Cannot open network namespace", StringComparison.Ordinal))
        {
            throw new NetworkException(
                $"Network namespace '{Namespace}' does not exist: create it (ip netns add {Namespace}) or fix the agent's network namespace setting ({result.Diagnostic})")
            { IsPrecondition = true };
        }

        return result;
    }

    /// <summary>Runs the command and throws <see cref="NetworkException"/> when it fails.</summary>
    public async Task<ProcessResult> RunCheckedAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result : throw Failure(arguments, result);
    }

    public NetworkException Failure(IReadOnlyList<string> arguments, ProcessResult result, bool isPrecondition = false) =>
        new($"'{Hint} {string.Join(' ', arguments)}' failed in {Where}: {result.Diagnostic}") { IsPrecondition = isPrecondition };

    /// <summary>The link with this name, or null when there is none.</summary>
    public async Task<IpLink?> FindLinkAsync(string name, CancellationToken cancellationToken)
    {
        string[] arguments = ["-j", "-d", "link", "show", "dev", name];
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return IsNoSuchDevice(result) ? null : throw Failure(arguments, result);
        }

        return IpLinkJson.Parse(result.StandardOutput).FirstOrDefault(l => l.Name == name);
    }

    public async Task<IReadOnlyList<IpLink>> ListLinksAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(["-j", "-d", "link", "show"], cancellationToken).ConfigureAwait(false);
        return IpLinkJson.Parse(result.StandardOutput);
    }

    /// <summary>Reads a file as seen from the namespace (sysfs shows a namespace's own devices only there).</summary>
    public async Task<string?> ReadNamespaceFileAsync(string path, CancellationToken cancellationToken)
    {
        if (Namespace is null)
        {
            return File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false) : null;
        }

        // "ip netns exec" enters the namespace and mounts a sysfs of it; "-n" does not apply to it.
        ProcessResult result;
        try
        {
            result = await ProcessRunner.RunAsync(ipPath, ["netns", "exec", Namespace, "cat", path], cancellationToken).ConfigureAwait(false);
        }
        catch (ToolNotFoundException ex)
        {
            throw new NetworkException($"{ex.Message}: install iproute2 (Debian package iproute2) or set NetworkOptions.IpPath", ex) { IsPrecondition = true };
        }

        return result.Succeeded ? result.StandardOutput : null;
    }

    public static bool IsNoSuchDevice(ProcessResult result) =>
        result.StandardError.Contains("does not exist", StringComparison.Ordinal)
        || result.StandardError.Contains("Cannot find device", StringComparison.Ordinal);

    public static bool IsAlreadyExists(ProcessResult result) =>
        result.StandardError.Contains("File exists", StringComparison.Ordinal)
        || result.StandardError.Contains("Device or resource busy", StringComparison.Ordinal);
}
