using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;
using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Files;

namespace LiquidMetal.Cli.Tests.Errors;

public class ErrorReporterTests
{
    private static readonly ErrorContext Tls = Context("https://sled-1:9090", insecure: false);

    [Fact]
    public void Describe_ConnectionRefused_AsksWhetherTheAgentRuns()
    {
        var refused = new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call.",
            new HttpRequestException("Connection refused (sled-1:9090)", new SocketException((int)SocketError.ConnectionRefused))));

        var report = ErrorReporter.Describe(refused, Tls);

        Assert.Equal("cannot reach the agent at https://sled-1:9090: Connection refused", report.Message);
        Assert.Equal("is the agent running at https://sled-1:9090? check --agent (or LM_AGENT)", report.Hint);
        Assert.Equal(ExitCodes.Failure, report.ExitCode);
    }

    [Fact]
    public void Describe_UnavailableFromTheServer_AsksWhetherTheAgentRuns()
    {
        var report = ErrorReporter.Describe(new RpcException(new Status(StatusCode.Unavailable, "shutting down")), Tls);

        Assert.Equal("cannot reach the agent at https://sled-1:9090: shutting down", report.Message);
        Assert.StartsWith("is the agent running at https://sled-1:9090?", report.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_UntrustedCertificate_PointsAtCaFileAndInsecure()
    {
        var untrusted = new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call.",
            new HttpRequestException("The SSL connection could not be established, see inner exception.",
                new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"))));

        var report = ErrorReporter.Describe(untrusted, Tls);

        Assert.Equal("TLS handshake with the agent at https://sled-1:9090 failed: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot", report.Message);
        Assert.Equal("check --ca-file or use --insecure for a plaintext agent", report.Hint);
    }

    [Fact]
    public void Describe_TlsToAPlaintextAgent_PointsAtInsecure()
    {
        var plaintextPeer = new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call.",
            new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.",
                new IOException("Received an unexpected EOF or 0 bytes from the transport stream."))));

        var report = ErrorReporter.Describe(plaintextPeer, Tls);

        Assert.StartsWith("TLS handshake with the agent at https://sled-1:9090 failed", report.Message, StringComparison.Ordinal);
        Assert.Equal("check --ca-file or use --insecure for a plaintext agent", report.Hint);
    }

    [Fact]
    public void Describe_PlaintextToATlsAgent_SuggestsDroppingInsecure()
    {
        var tlsPeer = new RpcException(new Status(StatusCode.Internal, "Error starting gRPC call.",
            new HttpRequestException("An HTTP/2 connection could not be established because the server did not complete the HTTP/2 handshake.")));

        var report = ErrorReporter.Describe(tlsPeer, Context("http://sled-1:9090", insecure: true));

        Assert.Equal("the agent may serve TLS: drop --insecure and use an https:// address", report.Hint);
    }

    [Fact]
    public void Describe_Unauthenticated_PointsAtTheToken()
    {
        var report = ErrorReporter.Describe(new RpcException(new Status(StatusCode.Unauthenticated, "invalid token")), Tls);

        Assert.Equal("the agent refused the credentials: invalid token", report.Message);
        Assert.Equal("check --token (or --token-file, LM_TOKEN)", report.Hint);
    }

    [Fact]
    public void Describe_NotFound_IsTheAgentsMessage()
    {
        var report = ErrorReporter.Describe(new RpcException(new Status(StatusCode.NotFound, "microvm 01JX not found")), Tls);

        Assert.Equal("microvm 01JX not found", report.Message);
        Assert.Empty(report.Details);
        Assert.Null(report.Hint);
        Assert.Equal(ExitCodes.Failure, report.ExitCode);
    }

    [Fact]
    public void Describe_InvalidArgumentFromTheCore_PrintsOneFieldPerLineWithItsPlaceInTheFile()
    {
        var document = SpecFileReader.Parse("id: Bad_Name\nvcpu: 0\nkernel:\n  image: vmlinuz\n", "vm.yaml", format: null);
        var invalid = new RpcException(new Status(StatusCode.InvalidArgument,
            "invalid request (3 errors): microvm.id: must be a DNS label; microvm.vcpu: must be between 1 and 64 (got 0); microvm.root_volume: is required"));

        var report = ErrorReporter.Describe(invalid, new ErrorContext(Tls.Settings, document.Locate));

        Assert.Equal("invalid request (3 errors):", report.Message);
        Assert.Equal(
            [
                "vm.yaml:1:1: microvm.id: must be a DNS label",
                "vm.yaml:2:1: microvm.vcpu: must be between 1 and 64 (got 0)",
                "microvm.root_volume: is required",
            ],
            report.Details);
    }

    [Fact]
    public void Describe_InvalidArgumentOnePerLine_PrintsOnePerLine()
    {
        var invalid = new RpcException(new Status(StatusCode.InvalidArgument, "invalid microvm spec:\nmicrovm.vcpu: too many\nmicrovm.kernel.image: is required"));

        var report = ErrorReporter.Describe(invalid, Tls);

        Assert.Equal("invalid microvm spec:", report.Message);
        Assert.Equal(["microvm.vcpu: too many", "microvm.kernel.image: is required"], report.Details);
    }

    [Fact]
    public void Describe_InvalidArgumentSentence_IsKeptWhole()
    {
        var invalid = new RpcException(new Status(StatusCode.InvalidArgument, "uid is required; send the VM's uid"));

        var report = ErrorReporter.Describe(invalid, Tls);

        Assert.Equal("uid is required; send the VM's uid", report.Message);
        Assert.Empty(report.Details);
    }

    [Theory]
    [InlineData("invalid request (1 error): microvm.metadata[\"user-data\"]: too large", "invalid request (1 error)", "microvm.metadata[\"user-data\"]: too large")]
    [InlineData("microvm.vcpu: too many; microvm.id: is required", "invalid request", "microvm.vcpu: too many")]
    public void SplitViolations_KnownShapes_SplitsIntoFields(string detail, string header, string first)
    {
        var (actualHeader, violations) = ErrorReporter.SplitViolations(detail);

        Assert.Equal(header, actualHeader);
        Assert.Equal(first, violations[0]);
    }

    [Fact]
    public void Describe_Unimplemented_SaysTheAgentLacksTheCall()
    {
        var report = ErrorReporter.Describe(new RpcException(new Status(StatusCode.Unimplemented, "")), Tls);

        Assert.Equal("the agent at https://sled-1:9090 does not support this call: Unimplemented", report.Message);
        Assert.NotNull(report.Hint);
    }

    [Fact]
    public void Describe_UsageException_ExitsWithTwo()
    {
        var report = ErrorReporter.Describe(new UsageException("--token and --token-file are mutually exclusive"), ErrorContext.None);

        Assert.Equal(ExitCodes.Usage, report.ExitCode);
    }

    [Fact]
    public void Describe_Interrupted_ExitsWith130()
    {
        Assert.Equal(ExitCodes.Interrupted, ErrorReporter.Describe(new OperationCanceledException(), ErrorContext.None).ExitCode);
    }

    [Fact]
    public void Describe_SpecFileProblems_AreListedOnePerLine()
    {
        var error = Assert.Throws<SpecFileException>(() => SpecFileReader.Parse("vcpu: x\nbogus: 1\n", "vm.yaml", format: null));

        var report = ErrorReporter.Describe(error, ErrorContext.None);

        Assert.Equal("vm.yaml is not a valid MicroVMSpec (2 problems):", report.Message);
        Assert.Equal(2, report.Details.Count);
        Assert.Equal(ExitCodes.Failure, report.ExitCode);
    }

    [Fact]
    public void WriteTo_Report_IsErrorLineDetailsAndHint()
    {
        using var writer = new StringWriter();

        new ErrorReport("it broke", ["first", "second"], "do this", ExitCodes.Failure).WriteTo(writer);

        Assert.Equal("error: it broke\n  first\n  second\nhint: do this\n", writer.ToString().ReplaceLineEndings("\n"));
    }

    private static ErrorContext Context(string agent, bool insecure) =>
        new(new AgentSettings(AgentAddress.Parse(agent, insecure), null, null, null, null, insecure));
}
