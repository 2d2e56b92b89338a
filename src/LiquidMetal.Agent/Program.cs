using LiquidMetal.Agent.Api;
using LiquidMetal.Agent.Hosting;
using Grpc.Reflection;

// liquidmetal-agent: the host agent. Serves the flintlock-compatible microVM API and Liquid Metal's own
// agent service over gRPC (TLS and a token by default), and reconciles VMs with the host's VMM.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariables("LM_AGENT_");
builder.Configuration.AddCommandLine(AgentCommandLine.Normalize(args), AgentCommandLine.Switches);
builder.Logging.AddAgentConsole(builder.Configuration["Agent:LogFormat"]);

builder.Services.AddAgentServices(builder.Configuration);
builder.WebHost.ConfigureAgentEndpoints(builder.Configuration);

var app = builder.Build();
app.PrepareAgentState();
app.MapGrpcService<MicroVmGrpcService>();
app.MapGrpcService<HostAgentGrpcService>();
app.MapGrpcHealthChecksService();
app.MapGrpcService<ReflectionServiceImpl>();
app.Run();
