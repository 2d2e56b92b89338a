using LiquidMetal.Controller.Core.Ports;

namespace LiquidMetal.Controller.Hosting;

/// <summary>The configured desired-state source, if any (the container cannot hold a null service).</summary>
internal sealed record SourceHolder(IDesiredStateSource? Source);
