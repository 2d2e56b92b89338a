using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Scheduling;

namespace LiquidMetal.Scheduler.Bench;

/// <summary>A generated fleet with its hosts' capacities, and how many VMs it asks for.</summary>
internal sealed record Workload(string Name, Fleet Fleet, IReadOnlyList<HostCapacity> Capacities, int Vms);
