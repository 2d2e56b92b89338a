using LiquidMetal.Core.Vms;

namespace LiquidMetal.Controller.Core.Model;

/// <summary>The agent's spec for a node's microVM and its hash (also in its <c>liquidmetal.dev/spec-hash</c> label).</summary>
public sealed record NodeMachine(MicroVmSpec Spec, string SpecHash);
