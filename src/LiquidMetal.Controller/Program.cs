using LiquidMetal.Controller.Api;
using LiquidMetal.Controller.Hosting;

// liquidmetal-controller: applies the desired fleet (a folder, a Git repository, or `lm apply` uploads),
// schedules it onto the hosts and drives their agents until the observed fleet matches; serves the
// controller API (gRPC, TLS and a token by default) that `lm` uses.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddCommandLine(ControllerCommandLine.Normalize(args), ControllerCommandLine.Switches);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Grpc", LogLevel.Warning);
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});

builder.Services.AddControllerServices(builder.Configuration);
builder.WebHost.ConfigureControllerEndpoints(builder.Configuration);

var app = builder.Build();
app.PrepareControllerState();
app.MapGrpcService<ControllerGrpcService>();
app.MapGrpcHealthChecksService();
app.Run();
