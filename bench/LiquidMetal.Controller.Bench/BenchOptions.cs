using System.Globalization;
using LiquidMetal.Controller.Bench.Site;
using LiquidMetal.Testing.Agent;

namespace LiquidMetal.Controller.Bench;

/// <summary>Command-line options; the targets apply to the defaults.</summary>
/// <param name="Controller">The controller process <c>memory</c> measures: the deployed Native AOT binary unless told otherwise.</param>
internal sealed record BenchOptions(string Scenario, SiteShape Shape, int Warmup, int Rounds, TimeSpan Settle, TimeSpan Window, ServerExecutable Controller)
{
    public const string Usage = """
        usage: LiquidMetal.Controller.Bench [all|round|memory|hold|alloc] [--clusters N] [--hosts N] [--warmup N] [--rounds N]
                                            [--settle-seconds N] [--window-seconds N] [--controller aot|jit]
          round   (a) CPU of a no-change convergence round over the site, in process (default 10 warm-up, 30 measured)
          memory  (b) the liquidmetal-controller process's memory with the site stored (default 30 s settle, 60 s window)
          all     both (default); the site is 1,000 clusters on 50 hosts unless told otherwise
          alloc   bytes allocated per no-change round and the live state, in process with static agents (no root, no agent processes)
          hold    set the site up and keep it until Ctrl+C or SIGTERM (investigations: run the controller against it by hand)
          --controller  the controller process memory measures: aot (default) the Native AOT binary LM_CONTROLLER_BINARY names,
                        else artifacts/controller/liquidmetal-controller (scripts/publish-controller.sh); jit the Release
                        build run by dotnet. With aot, the JIT build's idle memory is measured too, for comparison.
        """;

    /// <summary>The controller as deployed: LM_CONTROLLER_BINARY, else the binary scripts/publish-controller.sh publishes.</summary>
    public static ServerExecutable DeployedController { get; } = ServerExecutable.Native(
        Environment.GetEnvironmentVariable("LM_CONTROLLER_BINARY") is { Length: > 0 } binary ? binary : RepoPaths.ControllerBinary);

    public static ServerExecutable JitController { get; } = ServerExecutable.Jit(RepoPaths.ControllerDll);

    public bool RunsRound => Scenario is "all" or "round";
    public bool RunsMemory => Scenario is "all" or "memory";

    /// <summary>Parses <paramref name="args"/>; null (and a message on <paramref name="error"/>) when they are not valid.</summary>
    public static BenchOptions? Parse(string[] args, TextWriter error)
    {
        var options = new BenchOptions("all", new SiteShape(), 10, 30, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), DeployedController);
        var shape = options.Shape;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "all" or "round" or "memory" or "hold" or "alloc")
            {
                options = options with { Scenario = args[i] };
                continue;
            }

            if (args[i] == "--controller")
            {
                switch (i + 1 < args.Length ? args[++i] : null)
                {
                    case "aot": options = options with { Controller = DeployedController }; break;
                    case "jit": options = options with { Controller = JitController }; break;
                    default:
                        error.WriteLine($"'--controller' needs aot or jit\n{Usage}");
                        return null;
                }

                continue;
            }

            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                error.WriteLine($"'{args[i]}' needs a positive number\n{Usage}");
                return null;
            }

            switch (args[i++])
            {
                case "--clusters": shape = shape with { Clusters = value }; break;
                case "--hosts": shape = shape with { Hosts = value }; break;
                case "--warmup": options = options with { Warmup = value }; break;
                case "--rounds": options = options with { Rounds = value }; break;
                case "--settle-seconds": options = options with { Settle = TimeSpan.FromSeconds(value) }; break;
                case "--window-seconds": options = options with { Window = TimeSpan.FromSeconds(value) }; break;
                default:
                    error.WriteLine($"unknown option '{args[i - 1]}'\n{Usage}");
                    return null;
            }
        }

        return options with { Shape = shape };
    }
}
