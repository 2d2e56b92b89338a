using LiquidMetal.Cli;

namespace LiquidMetal.Cli.Tests;

/// <summary>Runs <c>lm</c> in-process with captured output and a given environment (never the test process's own).</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>A controller state directory that does not exist: no local CA or token is picked up by default.</summary>
    public const string NoControllerState = "/nonexistent/lm-tests/controller";

    public static async Task<CliRun> RunAsync(string[] args, IReadOnlyDictionary<string, string>? variables = null, string? stdin = null,
        string controllerStateDirectory = NoControllerState, CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = stdout,
            Error = stderr,
            Input = new StringReader(stdin ?? ""),
            GetVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            ControllerStateDirectory = controllerStateDirectory,
        };
        var exitCode = await Cli.RunAsync(args, environment, cancellationToken);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A loopback TCP port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
