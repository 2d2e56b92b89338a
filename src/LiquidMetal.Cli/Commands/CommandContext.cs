using LiquidMetal.Cli.Connection;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;
using LiquidMetal.Cli.Waiting;

namespace LiquidMetal.Cli.Commands;

/// <summary>
/// One command's run: its settings, output, progress display and (made on first use) its connection: to the
/// agent (<paramref name="settings"/>) or to the controller (<paramref name="controller"/>), whichever the command talks to.
/// </summary>
internal sealed class CommandContext(CliEnvironment environment, AgentSettings? settings, OutputFormat format, ControllerSettings? controller = null) : IDisposable
{
    private AgentConnection? _connection;
    private ControllerConnection? _controllerConnection;

    public CliEnvironment Environment => environment;

    public AgentSettings? Settings => settings;

    public OutputWriter Output { get; } = new(format, environment.Out, environment.OutIsTerminal);

    public TextWriter Error => environment.Error;

    public DateTimeOffset Now => environment.Time.GetUtcNow();

    public AgentConnection Connection => _connection ??= AgentConnection.Create(
        settings ?? throw new InvalidOperationException("this command talks to the controller, not an agent"));

    public ControllerConnection Controller => _controllerConnection ??= ControllerConnection.Create(
        controller ?? throw new InvalidOperationException("this command talks to an agent, not the controller"));

    public VmWaiter Waiter => new(Connection, environment.Time);

    /// <summary>Set by <c>vm create</c> so that the agent's field errors point into the spec file.</summary>
    public Func<string, string?>? LocateField { get; set; }

    public ErrorContext ErrorContext => new(settings, LocateField, controller);

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
        var display = ProgressDisplay;
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

    /// <summary>A progress display on standard error: a live status line on a terminal, else a line per change.</summary>
    public IProgressDisplay ProgressDisplay => environment.ErrorIsTerminal
        ? new SpinnerProgressDisplay(ConsoleFactory.Create(environment.Error, isTerminal: true), environment.Time)
        : new LineProgressDisplay(environment.Error, environment.Time);

    public void Dispose()
    {
        _connection?.Dispose();
        _controllerConnection?.Dispose();
    }

    private sealed class Progress(IProgress<string> inner, Action<VmObservation> remember) : IProgress<VmObservation>
    {
        public void Report(VmObservation value)
        {
            remember(value);
            inner.Report(value.Describe());
        }
    }
}
