using System.Net.Http;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using Grpc.Core;
using LiquidMetal.Cli.Files;

namespace LiquidMetal.Cli.Errors;

/// <summary>
/// Turns any failure into one clear <c>error:</c> line plus a hint about what to do, and picks the exit
/// code: 1 for failures, 2 for usage errors, 130 for Ctrl-C.
/// </summary>
internal static partial class ErrorReporter
{
    public static ErrorReport Describe(Exception exception, ErrorContext context)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        return exception switch
        {
            RpcException rpc => DescribeRpc(rpc, context),
            SpecFileException spec when spec.Problems.Count == 1 => new ErrorReport(spec.Problems[0], [], null, ExitCodes.Failure),
            SpecFileException spec => new ErrorReport(spec.Message + ":", spec.Problems, null, ExitCodes.Failure),
            CliException cli => new ErrorReport(cli.Message, cli.Details, cli.Hint, cli.ExitCode),
            OperationCanceledException => new ErrorReport("interrupted", [], null, ExitCodes.Interrupted),
            HttpRequestException http => Unreachable(http, context),
            _ => new ErrorReport($"unexpected {exception.GetType().Name}: {exception.Message}", [],
                "this is a bug in lm; please report it with the command you ran", ExitCodes.Failure),
        };
    }

    private static ErrorReport DescribeRpc(RpcException rpc, ErrorContext context)
    {
        var detail = string.IsNullOrWhiteSpace(rpc.Status.Detail) ? rpc.StatusCode.ToString() : rpc.Status.Detail.Trim();
        var target = context.Target;
        if (rpc.Status.DebugException is { } cause && rpc.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown)
        {
            return Unreachable(cause, context);
        }

        return rpc.StatusCode switch
        {
            StatusCode.Unavailable => new ErrorReport($"cannot reach the {target.Noun} at {target.Address}: {detail}", [], target.AddressHint, ExitCodes.Failure),
            StatusCode.Unauthenticated => new ErrorReport($"the {target.Noun} refused the credentials: {detail}", [], target.TokenHint, ExitCodes.Failure),
            StatusCode.PermissionDenied => new ErrorReport($"permission denied: {detail}", [],
                context.Controller is null ? "check --token and the client certificate (--cert-file, --key-file)" : target.TokenHint, ExitCodes.Failure),
            StatusCode.InvalidArgument => DescribeInvalidArgument(detail, context),
            StatusCode.Unimplemented => new ErrorReport($"the {target.Noun} at {target.Address} does not support this call: {detail}", [],
                context.Controller is null
                    ? "is it a Liquid Metal agent of a matching version? a flintlock agent has no host info, details or console"
                    : "is it a liquidmetal-controller of the same version as lm? (an agent's address given as --controller answers this too)", ExitCodes.Failure),
            StatusCode.DeadlineExceeded => new ErrorReport($"the {target.Noun} did not answer in time: {detail}", [], null, ExitCodes.Failure),
            StatusCode.Cancelled => new ErrorReport($"the call was cancelled: {detail}", [], null, ExitCodes.Failure),
            StatusCode.NotFound or StatusCode.AlreadyExists or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted
                => new ErrorReport(detail, [], null, ExitCodes.Failure),
            _ => new ErrorReport($"{detail} ({rpc.StatusCode})", [], null, ExitCodes.Failure),
        };
    }

    /// <summary>The call never reached the server's code: a refused connection, a TLS failure, a protocol mismatch.</summary>
    private static ErrorReport Unreachable(Exception cause, ErrorContext context)
    {
        var target = context.Target;
        var chain = Chain(cause).ToList();
        if (chain.OfType<AuthenticationException>().FirstOrDefault() is { } tls)
        {
            return new ErrorReport($"TLS handshake with the {target.Noun} at {target.Address} failed: {tls.Message}", [], target.TlsHint, ExitCodes.Failure);
        }

        var root = chain[^1].Message;
        if (chain.OfType<HttpRequestException>().Any(e => e.HttpRequestError == HttpRequestError.SecureConnectionError))
        {
            return new ErrorReport($"TLS handshake with the {target.Noun} at {target.Address} failed: {root}", [], target.TlsHint, ExitCodes.Failure);
        }

        if (target is { Insecure: true, IsUnixSocket: false }
            && chain.Any(e => e is HttpProtocolException || e.Message.Contains("HTTP/2", StringComparison.Ordinal)))
        {
            return new ErrorReport($"the {target.Noun} at {target.Address} did not speak plaintext HTTP/2: {root}", [],
                $"the {target.Noun} may serve TLS: drop --insecure and use an https:// address", ExitCodes.Failure);
        }

        return new ErrorReport($"cannot reach the {target.Noun} at {target.Address}: {root}", [], target.AddressHint, ExitCodes.Failure);
    }

    /// <summary>
    /// The agent lists every bad field at once ("invalid request (2 errors): microvm.vcpu: ...; microvm.kernel: ...",
    /// or one per line): print them one per line, each with its place in the spec file when known.
    /// </summary>
    private static ErrorReport DescribeInvalidArgument(string detail, ErrorContext context)
    {
        var (header, violations) = SplitViolations(detail);
        var lines = violations.Select(v => Locate(v, context.LocateField)).ToList();
        return new ErrorReport(lines.Count > 0 ? header + ":" : header, lines, null, ExitCodes.Failure);
    }

    internal static (string Header, IReadOnlyList<string> Violations) SplitViolations(string detail)
    {
        var lines = detail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 1)
        {
            return IsViolation(lines[0]) ? ("invalid request", lines) : (lines[0].TrimEnd(':'), lines[1..]);
        }

        if (CountedHeader().Match(detail) is { Success: true } counted)
        {
            return (counted.Groups["header"].Value, counted.Groups["rest"].Value.Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var parts = detail.Split("; ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 1 && parts.All(IsViolation) ? ("invalid request", parts) : (detail, []);
    }

    private static string Locate(string violation, Func<string, string?>? locateField)
    {
        var colon = violation.IndexOf(": ", StringComparison.Ordinal);
        if (locateField is null || colon <= 0)
        {
            return violation;
        }

        return locateField(violation[..colon]) is { } where ? $"{where}: {violation}" : violation;
    }

    private static bool IsViolation(string text) => Violation().IsMatch(text);

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    [GeneratedRegex(@"^(?<header>[^:]*\(\d+ errors?\)):\s*(?<rest>.+)$")]
    private static partial Regex CountedHeader();

    [GeneratedRegex(@"^[A-Za-z_][\w.\-]*(\[[^\]]*\][\w.\-]*)*: ")]
    private static partial Regex Violation();
}
