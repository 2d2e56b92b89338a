using System.Diagnostics;
using System.Text.Json.Nodes;
using LiquidMetal.Agent.Linux.CloudInit;
using YamlDotNet.RepresentationModel;

namespace LiquidMetal.Controller.Core.Tests.Bootstrap;

/// <summary>
/// Debian's real cloud-init (installed by scripts/setup.sh, disabled on this host): <c>cloud-init devel render</c> fills
/// in a user-data's jinja expressions from an instance-data.json, <c>cloud-init schema</c> checks a cloud-config.
/// </summary>
internal sealed class CloudInitTool : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lm-cloud-init-").FullName;
    private int _files;

    /// <summary>
    /// instance-data.json as cloud-init's NoCloud datasource would write it from the meta-data the agent serves for
    /// <paramref name="clientMetaData"/> (the agent adds the uid as instance-id): <c>ds.meta_data</c> holds every key, with
    /// underscore aliases for dashed keys (cloud-init's process_instance_metadata).
    /// </summary>
    public string InstanceData(string clientMetaData, string uid, string vmId)
    {
        var served = NoCloudRenderer.RenderMetaData(clientMetaData, uid, vmId);
        var stream = new YamlStream();
        stream.Load(new StringReader(served));
        var metaData = new JsonObject();
        foreach (var (key, value) in (YamlMappingNode)stream.Documents[0].RootNode)
        {
            var name = ((YamlScalarNode)key).Value!;
            metaData[name] = ((YamlScalarNode)value).Value;
            metaData[name.Replace('-', '_')] = ((YamlScalarNode)value).Value;
        }

        var instance = new JsonObject
        {
            ["ds"] = new JsonObject { ["meta_data"] = metaData },
            ["v1"] = new JsonObject { ["instance_id"] = uid, ["local_hostname"] = metaData["local_hostname"]?.DeepClone(), ["platform"] = "nocloud" },
        };
        return Write("instance-data.json", instance.ToJsonString());
    }

    public string Write(string name, string content)
    {
        var path = Path.Combine(_directory, $"{Interlocked.Increment(ref _files)}-{name}");
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The user-data with its jinja rendered by cloud-init.</summary>
    public string Render(string userData, string instanceDataPath)
    {
        var (exit, output, error) = Run("devel", "render", "-i", instanceDataPath, Write("user-data", userData));
        Assert.True(exit == 0, $"cloud-init devel render failed ({exit}): {error}");
        return output;
    }

    /// <summary>Null when cloud-init calls the cloud-config valid, else what it said.</summary>
    public string? SchemaProblems(string cloudConfig)
    {
        var path = Write("cloud-config.yaml", cloudConfig);
        var (exit, output, error) = Run("schema", "--config-file", path);
        return exit == 0 && output.Contains($"Valid cloud-config: {path}", StringComparison.Ordinal) ? null : $"exit {exit}: {output}{error}";
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static (int Exit, string Output, string Error) Run(params string[] arguments)
    {
        const string Tool = "/usr/bin/cloud-init";
        Assert.True(File.Exists(Tool), "cloud-init is not installed: run scripts/setup.sh (it installs Debian's cloud-init, disabled on this host)");
        var start = new ProcessStartInfo(Tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            Assert.Fail($"cloud-init {string.Join(' ', arguments)} did not finish within a minute");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
