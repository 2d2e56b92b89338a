using System.Text;
using Google.Protobuf;
using LiquidMetal.Api.Flintlock.Types;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Files;

namespace LiquidMetal.Cli.Tests.Files;

public class SpecFileReaderTests
{
    public static TheoryData<string> SpecCases => TestData.Cases("spec");

    [Theory]
    [MemberData(nameof(SpecCases))]
    public async Task ReadAsync_GoldenCase_MatchesExpectedSpec(string name)
    {
        var directory = TestData.File("spec", name);
        var input = Directory.GetFiles(directory, "input.*").Single();
        var expected = JsonParser.Default.Parse<MicroVMSpec>(await File.ReadAllTextAsync(Path.Combine(directory, "expected.json")));

        var document = await SpecFileReader.ReadAsync(input, TextReader.Null, CancellationToken.None);

        Assert.Equal(expected, document.Message);
    }

    [Fact]
    public void Parse_MetadataPlainText_IsSentBase64Encoded()
    {
        var spec = Parse("""
            id: vm
            metadata:
              user-data: |
                #cloud-config
                runcmd: [echo hi]
              vendor-data: "hostname: x"
            """);

        Assert.Equal("#cloud-config\nruncmd: [echo hi]\n", Decode(spec.Metadata["user-data"]));
        Assert.Equal("hostname: x", Decode(spec.Metadata["vendor-data"]));
    }

    [Fact]
    public void Parse_NonAsciiMetadata_IsEncodedAsUtf8()
    {
        var spec = Parse("metadata:\n  meta-data: \"local_hostname: grüße\"\n");

        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes("local_hostname: grüße")), spec.Metadata["meta-data"]);
    }

    [Fact]
    public void Parse_OtherStringMaps_AreNotEncoded()
    {
        var spec = Parse("labels:\n  app: web\nkernel:\n  image: vmlinuz\n  cmdline:\n    quiet:\n");

        Assert.Equal("web", spec.Labels["app"]);
        Assert.Equal("", spec.Kernel.Cmdline["quiet"]);
    }

    [Fact]
    public void Parse_JsonWithoutExtension_IsDetectedByContent()
    {
        var document = SpecFileReader.Parse("""{ "id": "vm", "memory_in_mb": 512 }""", "spec", format: null);

        Assert.Equal(512, document.Message.MemoryInMb);
    }

    [Theory]
    [InlineData("tap")]
    [InlineData("Tap")]
    [InlineData("TAP")]
    [InlineData("1")]
    public void Parse_InterfaceType_AcceptsNameInAnyCaseOrNumber(string written)
    {
        var spec = Parse($"interfaces:\n  - deviceId: eth0\n    type: {written}\n");

        Assert.Equal(NetworkInterface.Types.IfaceType.Tap, spec.Interfaces[0].Type);
    }

    [Fact]
    public void Parse_NullValues_LeaveFieldsUnset()
    {
        var spec = Parse("id: vm\ninitrd: ~\nprovider:\nvcpu: null\n");

        Assert.Null(spec.Initrd);
        Assert.False(spec.HasProvider);
        Assert.Equal(0, spec.Vcpu);
    }

    [Fact]
    public void Parse_UnknownField_NamesFieldLineAndSuggestion()
    {
        var error = ParseError("id: vm\nvcpu: 2\nmemoryInMB: 512\n");

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("vm.yaml:3:1: memoryInMB: unknown field \"memoryInMB\" (did you mean \"memoryInMb\"?)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownNestedField_NamesItsPath()
    {
        var error = ParseError("rootVolume:\n  id: root\n  source:\n    image: rootfs.ext4\n");

        Assert.StartsWith("vm.yaml:4:5: rootVolume.source.image: unknown field \"image\"; VolumeSource has containerSource, virtiofsSource",
            Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadEnumValueInList_NamesIndexAndAllowedValues()
    {
        var error = ParseError("interfaces:\n  - deviceId: eth0\n    type: TUN\n");

        Assert.Equal("vm.yaml:3:11: interfaces[0].type: unknown value \"TUN\"; expected one of MACVTAP, TAP", Assert.Single(error.Problems));
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOne()
    {
        var error = ParseError("""
            vcpu: two
            memoryInMb: 99999999999
            kernel:
              image: [vmlinuz]
              addNetworkConfig: maybe
            bogus: 1
            """);

        Assert.Equal(
            [
                "vm.yaml:1:7: vcpu: expected an integer, got \"two\"",
                "vm.yaml:2:13: memoryInMb: expected an integer, got \"99999999999\" (out of range for a 32-bit integer)",
                "vm.yaml:4:10: kernel.image: expected text, got a list",
                "vm.yaml:5:21: kernel.addNetworkConfig: expected true or false, got \"maybe\"",
            ],
            error.Problems.Take(4));
        Assert.StartsWith("vm.yaml:6:1: bogus: unknown field", error.Problems[4], StringComparison.Ordinal);
        Assert.Contains("(5 problems)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FieldGivenInBothSpellings_IsAnError()
    {
        var error = ParseError("memoryInMb: 512\nmemory_in_mb: 1024\n");

        Assert.Equal("vm.yaml:2:1: memory_in_mb: given twice (as \"memoryInMb\" and \"memory_in_mb\")", Assert.Single(error.Problems));
    }

    [Fact]
    public void Parse_MetadataValueThatIsNotText_IsAnError()
    {
        var error = ParseError("metadata:\n  meta-data:\n    local_hostname: vm\n");

        Assert.StartsWith("vm.yaml:3:5: metadata[\"meta-data\"]: expected plain text", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListWhereMappingExpected_IsAnError()
    {
        var error = ParseError("kernel:\n  - vmlinuz\n");

        Assert.Equal("vm.yaml:2:3: kernel: expected a mapping with the fields of Kernel, got a list", Assert.Single(error.Problems));
    }

    [Fact]
    public void Parse_TopLevelList_IsAnError()
    {
        var error = ParseError("- id: vm\n");

        Assert.Equal("vm.yaml:1:1: expected a mapping with the fields of MicroVMSpec, got a list", Assert.Single(error.Problems));
    }

    [Fact]
    public void Parse_InvalidYaml_NamesTheLine()
    {
        var error = ParseError("id: vm\nkernel:\n  image: vmlinuz\n   filename: x\n");

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("vm.yaml:4:", problem, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralYamlDocuments_IsAnError()
    {
        var error = ParseError("id: a\n---\nid: b\n");

        Assert.Contains("2 YAML documents", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_NamesTheLine()
    {
        var error = Assert.Throws<SpecFileException>(() => SpecFileReader.Parse("{\n  \"id\": \"vm\",\n  \"vcpu\": ,\n}", "vm.json", FileFormat.Json));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("vm.json:3:11: invalid JSON:", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonTypeError_NamesFieldAndLine()
    {
        var error = Assert.Throws<SpecFileException>(() => SpecFileReader.Parse("{\n  \"id\": \"vm\",\n  \"vcpu\": true\n}", "vm.json", FileFormat.Json));

        Assert.Equal("vm.json:3:11: vcpu: expected an integer, got \"true\"", Assert.Single(error.Problems));
    }

    [Fact]
    public void Parse_EmptyFile_IsAnError()
    {
        var error = Assert.Throws<SpecFileException>(() => SpecFileReader.Parse("  \n", "vm.yaml", format: null));

        Assert.Equal("vm.yaml: the file is empty", Assert.Single(error.Problems));
    }

    [Fact]
    public void Locate_FieldNamedByTheAgent_FindsItsLine()
    {
        var document = SpecFileReader.Parse("""
            id: vm
            kernel:
              image: vmlinuz
            interfaces:
              - deviceId: eth0
                address:
                  address: 10.0.0.1/33
            metadata:
              meta-data: x
            """, "vm.yaml", format: null);

        Assert.Equal("vm.yaml:7:7", document.Locate("microvm.interfaces[0].address.address"));
        Assert.Equal("vm.yaml:9:3", document.Locate("microvm.metadata[\"meta-data\"]"));
        Assert.Equal("vm.yaml:2:1", document.Locate("microvm.kernel.filename")); // not written: its enclosing field
        Assert.Null(document.Locate("microvm.memory_in_mb")); // not written at all
    }

    [Fact]
    public void Locate_SnakeCaseAndCamelCase_MapToTheSameAgentPath()
    {
        var camel = SpecFileReader.Parse("rootVolume:\n  source:\n    containerSource: x\n", "a.yaml", format: null);
        var snake = SpecFileReader.Parse("root_volume:\n  source:\n    container_source: x\n", "b.yaml", format: null);

        Assert.Equal("a.yaml:3:5", camel.Locate("microvm.root_volume.source.container_source"));
        Assert.Equal("b.yaml:3:5", snake.Locate("microvm.root_volume.source.container_source"));
    }

    [Fact]
    public async Task ReadAsync_Dash_ReadsStandardInput()
    {
        var document = await SpecFileReader.ReadAsync("-", new StringReader("id: from-stdin\n"), CancellationToken.None);

        Assert.Equal("from-stdin", document.Message.Id);
        Assert.Equal("stdin", document.SourceName);
    }

    [Fact]
    public async Task ReadAsync_MissingFile_FailsWithAHint()
    {
        var error = await Assert.ThrowsAsync<CliException>(() =>
            SpecFileReader.ReadAsync("/nonexistent/vm.yaml", TextReader.Null, CancellationToken.None));

        Assert.StartsWith("cannot read /nonexistent/vm.yaml", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, error.ExitCode);
    }

    [Fact]
    public async Task ReadAsync_Example_IsTheDemoVm()
    {
        var spec = (await SpecFileReader.ReadAsync(TestData.Example("vm.yaml"), TextReader.Null, CancellationToken.None)).Message;

        Assert.Equal("demo-vm", spec.Id);
        Assert.Equal("vmlinuz", spec.Kernel.Image);
        Assert.True(spec.Kernel.AddNetworkConfig);
        Assert.Equal("initrd.img", spec.Initrd.Image);
        Assert.Equal("rootfs.ext4", spec.RootVolume.Source.ContainerSource);
        var nic = Assert.Single(spec.Interfaces);
        Assert.Equal(NetworkInterface.Types.IfaceType.Tap, nic.Type);
        Assert.Equal("10.200.0.10/24", nic.Address.Address);
        Assert.Equal("10.200.0.1", nic.Address.Gateway);
        Assert.Equal("local_hostname: demo-vm\n", Decode(spec.Metadata["meta-data"]));
    }

    private static MicroVMSpec Parse(string yaml) => SpecFileReader.Parse(yaml, "vm.yaml", format: null).Message;

    private static SpecFileException ParseError(string yaml) =>
        Assert.Throws<SpecFileException>(() => SpecFileReader.Parse(yaml, "vm.yaml", format: null));

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
