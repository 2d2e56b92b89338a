using System.Runtime.InteropServices;
using LiquidMetal.Cli;

using var interrupted = new CancellationTokenSource();

// The first Ctrl-C (or SIGTERM) asks the command to stop cleanly; a second one ends the process.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !interrupted.IsCancellationRequested;
    _ = interrupted.CancelAsync();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    _ = interrupted.CancelAsync();
});

return await Cli.RunAsync(args, CliEnvironment.FromConsole(), interrupted.Token);
