using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Tests;

/// <summary>The real liquidmetal-controller process (the Release build next to these tests), killable with SIGKILL.</summary>
internal sealed class ControllerProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly string[] _args;
    private Process? _process;

    public ControllerProcess(string stateDirectory, string sourceFolder)
    {
        StateDirectory = stateDirectory;
        Port = FreePort();
        _args =
        [
            Dll,
            "--state-dir", stateDirectory,
            "--source-folder", sourceFolder,
            "--poll-interval", "00:00:00.200",
            "--resync-interval", "00:00:00.500",
            "--host-grace-period", "00:10:00",
            "--listen", $"127.0.0.1:{Port}",
        ];
    }

    public static string Dll => Path.Combine(RepoPaths.Root, "src", "LiquidMetal.Controller", "bin", RepoPaths.Configuration, "net10.0", "liquidmetal-controller.dll");

    public string StateDirectory { get; }
    public int Port { get; }
    public string DatabasePath => Path.Combine(StateDirectory, "controller.db");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in _args)
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync() => new(KillAsync());

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
