using System.Collections.Concurrent;
using System.Diagnostics;

namespace LiquidMetal.Agent.Qemu;

/// <summary>
/// Whether QEMU can really run a vCPU under KVM here. An openable /dev/kvm is not enough: some sandboxes and nested
/// set-ups expose the device but refuse vCPU state (QEMU aborts with "failed to set MSR 0x10a"), so QEMU is asked
/// once per binary, paused (-S), before any VM relies on it.
/// </summary>
internal static class KvmProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<string, bool> Results = new(StringComparer.Ordinal);

    public static bool Works(string qemuBinary) => Results.GetOrAdd(qemuBinary, Run);

    private static bool Run(string qemuBinary)
    {
        var info = new ProcessStartInfo(qemuBinary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-accel", "kvm", "-cpu", "host", "-machine", "microvm", "-nodefaults", "-display", "none", "-S", "-qmp", "stdio"])
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return false;
            }

            var drainOut = process.StandardOutput.ReadToEndAsync();
            var drainErr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n");
            process.StandardInput.Close();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                return false;
            }

            Task.WaitAll(drainOut, drainErr);
            return process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return false;
        }
    }
}
