using System.CommandLine;
using LiquidMetal.Api.Controller.V1;
using LiquidMetal.Cli.Errors;
using LiquidMetal.Cli.Output;

namespace LiquidMetal.Cli.Commands;

/// <summary><c>lm plan -f DIR</c>: what applying these manifests would change now, and why. Changes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = ManifestOption.Create("the desired state the controller applies now");
        var command = new Command("plan",
            "Show what applying the manifests would do now: where every node would land and why, nodes that cannot be placed " +
            "with every host's reason, the actions of the next round and what would wait. Changes nothing (not even the controller's state).")
        {
            file,
        };
        runner.AttachController(command, async (context, parseResult, cancellationToken) =>
        {
            var manifests = ManifestOption.Read(parseResult, file);
            var request = new PlanRequest();
            if (manifests is not null)
            {
                request.Files.AddRange(manifests.Files);
            }

            var plan = await context.Controller.Client.PlanAsync(request, cancellationToken: cancellationToken);
            if (plan.Errors.Count > 0)
            {
                context.Output.WriteForPrograms(plan);
                throw ManifestOption.Refused(manifests, plan.Errors, $"lm plan -f {manifests?.Source}");
            }

            context.Output.Write(plan, () => TableRenderer.Plan(plan, manifests?.Source));
            return ExitCodes.Success;
        });
        return command;
    }
}
