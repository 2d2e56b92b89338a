using LiquidMetal.Controller.Core.Model;

namespace LiquidMetal.Controller.Core.Validation;

/// <summary>A fleet object together with where it was declared, as a loader hands it to <see cref="FleetValidator"/>.</summary>
public sealed record ManifestObject(ManifestLocation Location, IFleetObject Item);
