using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;
using LiquidMetal.Cli.Waiting;

namespace LiquidMetal.Cli.Commands;

/// <summary>One command's run: its settings, output, progress display and (made on first use) its agent connection.</summary>
internal sealed class CommandContext(CliEnvironment environment, AgentSettings settings, OutputFormat format) : IDisposable
{
    private AgentConnection? _connection;

    public CliEnvironment Environment => environment;

    public AgentSettings Settings => settings;

    public OutputWriter Output { get; } = new(format, environment.Out, environment.OutIsTerminal);

    public TextWriter Error => environment.Error;

    public DateTimeOffset Now => environment.Time.GetUtcNow();

    public AgentConnection Connection => _connection ??= AgentConnection.Create(settings);

    public VmWaiter Waiter => new(Connection, environment.Time);

    /// <summary>Set by <c>vm create</c> so that the agent's field errors point into the spec file.</summary>
    public Func<string, string?>? LocateField { get; set; }

    public ErrorContext ErrorContext => new(settings, LocateField);

    /// <summary>
    /// Runs a wait with progress on standard error and a time limit. On timeout, throws an error that says
    /// what was last seen; Ctrl-C surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<VmObservation> WaitAsync(
        string title,
        string uid,
        TimeSpan timeout,
        string timeoutHint,
        Func<IProgress<VmObservation>, CancellationToken, Task<VmObservation>> wait,
        CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, environment.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        IProgressDisplay display = environment.ErrorIsTerminal
            ? new SpinnerProgressDisplay(ConsoleFactory.Create(environment.Error, isTerminal: true), environment.Time)
            : new LineProgressDisplay(environment.Error, environment.Time);
        VmObservation? last = null;
        try
        {
            return await display.RunAsync(title, progress => wait(new Progress(progress, o => last = o), linked.Token));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var seen = last is null ? "" : $" (last seen: {last.Describe()})";
            throw new CliException($"timed out after {Humanize.Duration(timeout)} waiting for microVM {uid}{seen}", timeoutHint);
        }
    }

    public void Dispose() => _connection?.Dispose();

    private sealed class Progress(IProgress<VmObservation> inner, Action<VmObservation> remember) : IProgress<VmObservation>
    {
        public void Report(VmObservation value)
        {
            remember(value);
            inner.Report(value);
        }
    }
}
