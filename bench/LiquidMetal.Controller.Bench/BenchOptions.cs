using System.Globalization;
using LiquidMetal.Controller.Bench.Site;

namespace LiquidMetal.Controller.Bench;

/// <summary>Command-line options; the targets apply to the defaults.</summary>
internal sealed record BenchOptions(string Scenario, SiteShape Shape, int Warmup, int Rounds, TimeSpan Settle, TimeSpan Window)
{
    public const string Usage = """
        usage: LiquidMetal.Controller.Bench [all|round|memory|hold|alloc] [--clusters N] [--hosts N] [--warmup N] [--rounds N]
                                            [--settle-seconds N] [--window-seconds N]
          round   (a) CPU of a no-change convergence round over the site, in process (default 10 warm-up, 30 measured)
          memory  (b) the liquidmetal-controller process's memory with the site stored (default 30 s settle, 60 s window)
          all     both (default); the site is 1,000 clusters on 50 hosts unless told otherwise
          alloc   bytes allocated per no-change round and the live state, in process with static agents (no root, no agent processes)
          hold    set the site up and keep it until Ctrl+C or SIGTERM (investigations: run the controller against it by hand)
        """;

    public bool RunsRound => Scenario is "all" or "round";
    public bool RunsMemory => Scenario is "all" or "memory";

    /// <summary>Parses <paramref name="args"/>; null (and a message on <paramref name="error"/>) when they are not valid.</summary>
    public static BenchOptions? Parse(string[] args, TextWriter error)
    {
        var options = new BenchOptions("all", new SiteShape(), 10, 30, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));
        var shape = options.Shape;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "all" or "round" or "memory" or "hold" or "alloc")
            {
                options = options with { Scenario = args[i] };
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
