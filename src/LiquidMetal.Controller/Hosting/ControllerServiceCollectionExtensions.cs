using LiquidMetal.Controller.Agents;
using LiquidMetal.Controller.Api;
using LiquidMetal.Controller.Convergence;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Git;
using LiquidMetal.Hosting.Security;
using LiquidMetal.Controller.Sqlite;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Hosting;

internal static class ControllerServiceCollectionExtensions
{
    public static IServiceCollection AddControllerServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ControllerOptions>().Bind(configuration.GetSection("Controller")).Validate(
            o => o.SourceFolder is null || o.GitRepository is null, "set Controller:SourceFolder or Controller:GitRepository, not both")
            .Validate(o => o.MaxBooting >= 0, "Controller:MaxBooting (--max-booting) must be 0 (unlimited) or more")
            .Validate(o => o.BootstrapTokenTtl >= TimeSpan.FromMinutes(1) && o.BootstrapTokenTtl.Ticks % TimeSpan.TicksPerSecond == 0,
                "Controller:BootstrapTokenTtl must be whole seconds, at least 1 minute")
            .Validate(o => o.BootstrapTokenJoinMargin is not { } margin ||
                    (margin > TimeSpan.Zero && margin < o.BootstrapTokenTtl && margin.Ticks % TimeSpan.TicksPerSecond == 0),
                "Controller:BootstrapTokenJoinMargin must be whole seconds, more than 0 and less than Controller:BootstrapTokenTtl").ValidateOnStart();
        services.AddOptions<HostAgentClientOptions>().Bind(configuration.GetSection("Agents"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RoundTrigger>();
        services.AddSingleton<IHostAgentClientFactory>(sp => new GrpcHostAgentClientFactory(sp.GetRequiredService<IOptions<HostAgentClientOptions>>().Value));
        services.AddSingleton<IControllerStore>(sp => SqliteControllerStore.OpenAsync(
            new SqliteControllerStoreOptions { DatabasePath = sp.GetRequiredService<IOptions<ControllerOptions>>().Value.DatabasePath },
            sp.GetRequiredService<ILogger<SqliteControllerStore>>(), CancellationToken.None).GetAwaiter().GetResult());
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ControllerOptions>>().Value;
            return ApiToken.Resolve(options.DisableAuth, options.Token, options.TokenFile, options.StateDirectory, "Controller");
        });
        services.AddPkiServices(configuration);
        services.AddWorkloadClusterServices(configuration);
        services.AddSingleton<AgentWatchers>();
        services.AddSingleton<FleetConverger>();
        services.AddSingleton<DesiredStateUploads>();
        services.AddSingleton(sp => CreateSource(sp));
        services.AddHostedService(sp => new ControllerWorker(
            sp.GetRequiredService<FleetConverger>(), sp.GetRequiredService<IControllerStore>(), sp.GetRequiredService<RoundTrigger>(),
            sp.GetRequiredService<IOptions<ControllerOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ControllerWorker>>(), sp.GetRequiredService<SourceHolder>().Source));
        services.AddGrpc(o => o.Interceptors.Add<TokenAuthInterceptor>());
        services.AddGrpcHealthChecks().AddCheck<ControllerHealthCheck>("controller");
        return services;
    }

    private static SourceHolder CreateSource(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ControllerOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        if (options.SourceFolder is { } folder)
        {
            return new SourceHolder(new FolderDesiredStateSource(
                new FolderDesiredStateOptions { Directory = folder, PollInterval = options.PollInterval },
                time, services.GetRequiredService<ILogger<FolderDesiredStateSource>>()));
        }

        if (options.GitRepository is { } repository)
        {
            return new SourceHolder(new GitDesiredStateSource(
                new GitDesiredStateOptions
                {
                    Repository = repository,
                    Branch = options.GitBranch,
                    Path = options.GitPath,
                    PollInterval = options.PollInterval,
                    CacheDirectory = Path.Combine(options.StateDirectory, "git"),
                },
                time, services.GetRequiredService<ILogger<GitDesiredStateSource>>()));
        }

        return new SourceHolder(null);
    }
}
