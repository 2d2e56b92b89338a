using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiquidMetal.Agent.Linux.CloudInit;
using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Linux.Tests.CloudInit;

/// <summary>
/// Golden files: testdata/CASE/input.json (the VM and its NIC attachments), metadata/KEY (the client's files, plain;
/// base64-encoded here as on the wire), expected/FILE (the seed's files, byte for byte).
/// </summary>
public sealed class NoCloudGoldenTests
{
    // NicAttachment is not a stored form, so the agent's source-generated JSON metadata does not cover it.
    private static readonly JsonSerializerOptions NicJson = new(MicroVmJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter<NicKind>(JsonNamingPolicy.CamelCase) },
    };

    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "CloudInit", "testdata");

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(Root).Order(StringComparer.Ordinal))
        {
            cases.Add(Path.GetFileName(directory));
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_Case_MatchesExpectedFiles(string name)
    {
        var directory = Path.Combine(Root, name);
        var (vm, nics) = LoadInput(directory);

        var files = NoCloudRenderer.Render(vm, nics);

        var expectedDirectory = Path.Combine(directory, "expected");
        var expected = Directory.GetFiles(expectedDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, files.Select(f => f.Name).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var want = File.ReadAllBytes(Path.Combine(expectedDirectory, file.Name));
            Assert.True(
                want.AsSpan().SequenceEqual(file.Content.Span),
                $"{name}/{file.Name} differs.\n--- expected\n{System.Text.Encoding.UTF8.GetString(want)}\n--- actual\n{System.Text.Encoding.UTF8.GetString(file.Content.Span)}");
        }
    }

    private static (MicroVm Vm, IReadOnlyList<NicAttachment> Nics) LoadInput(string directory)
    {
        using var input = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "input.json")));
        var vm = input.RootElement.GetProperty("vm").Deserialize<MicroVm>(MicroVmJson.Options)!;
        var nics = input.RootElement.GetProperty("nics").Deserialize<NicAttachment[]>(NicJson)!;
        var metadataDirectory = Path.Combine(directory, "metadata");
        if (Directory.Exists(metadataDirectory))
        {
            var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(metadataDirectory))
            {
                metadata[Path.GetFileName(file)] = Convert.ToBase64String(File.ReadAllBytes(file));
            }

            vm = vm with { Spec = vm.Spec with { Metadata = metadata } };
        }

        return (vm, nics);
    }
}
