using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace LiquidMetal.Oci.Tests.Infrastructure;

/// <summary>
/// Debian's docker-registry (/usr/bin/docker-registry serve CONFIG) on 127.0.0.1 and a free port, with filesystem
/// storage. Can be killed and started again on the same port and storage (the mid-pull restart test).
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly TempDirectory _home = new("lm-registry");
    private readonly StringBuilder _log = new();
    private Process? _process;

    private RegistryServer(RegistrySettings settings)
    {
        Settings = settings;
        Port = Ports.Free();
        ConfigPath = _home.Combine("config.yml");
        File.WriteAllText(ConfigPath, RenderConfig());
    }

    public RegistrySettings Settings { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>: the registry part of image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public string ConfigPath { get; }

    /// <summary>What the registry printed (for failure messages).</summary>
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

    public static async Task<RegistryServer> StartAsync(RegistrySettings settings)
    {
        var server = new RegistryServer(settings);
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the process (again) and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo("/usr/bin/docker-registry") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add(ConfigPath);
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited {_process.ExitCode}: {Log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    /// <summary>SIGKILL, as a crash would: open connections are cut mid-transfer.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _home.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 64 * 1024)
            {
                _log.AppendLine(line);
            }
        }
    }

    private string RenderConfig()
    {
        var yaml = new StringBuilder($"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Settings.StorageDirectory}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{Port}
              secret: test-secret

            """);
        if (Settings.Tls is { } tls)
        {
            yaml.Append($"""
                  tls:
                    certificate: {tls.Certificate}
                    key: {tls.Key}

                """);
        }

        if (Settings.HtpasswdFile is { } htpasswd)
        {
            yaml.Append($"""
                auth:
                  htpasswd:
                    realm: test-realm
                    path: {htpasswd}

                """);
        }
        else if (Settings.Token is { } token)
        {
            yaml.Append($"""
                auth:
                  token:
                    realm: {token.Realm}
                    service: {token.Service}
                    issuer: {token.Issuer}
                    rootcertbundle: {token.RootCertBundle}

                """);
        }

        return yaml.ToString();
    }
}
