using System.Text.Json;

namespace LiquidMetal.Agent.Linux.Tests.TestSupport;

/// <summary>
/// A network namespace of the test's own (lmtest-RANDOM) with a bridge br0 inside; deleted, with everything in it,
/// on dispose. Nothing a test does reaches the host's own network.
/// </summary>
public sealed class TestNamespace : IDisposable
{
    public const string Bridge = "br0";

    public TestNamespace()
    {
        Name = $"lmtest-{Guid.NewGuid().ToString("N")[..10]}";
        Shell.RunChecked("ip", "netns", "add", Name);
        Ip("link", "add", Bridge, "type", "bridge");
        Ip("link", "set", Bridge, "up");
    }

    public string Name { get; }

    /// <summary>Runs <c>ip -n NAME ...</c> and returns its output; throws when it fails.</summary>
    public string Ip(params string[] arguments) => Shell.RunChecked("ip", ["-n", Name, .. arguments]);

    /// <summary>The link as <c>ip -j -d link show</c> reports it, or null.</summary>
    public JsonElement? Link(string name)
    {
        var result = Shell.Run("ip", "-n", Name, "-j", "-d", "link", "show", "dev", name);
        if (!result.Succeeded)
        {
            return null;
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement[0].Clone();
    }

    public void Dispose() => Shell.Run("ip", "netns", "del", Name);
}
