using System.Globalization;

namespace LiquidMetal.Controller.Core.Model;

/// <summary>Names of nodes (and of their microVMs): stable, derived from cluster, pool and index.</summary>
public static class NodeNames
{
    /// <summary>The pool name control-plane nodes use in their names; worker pools may not take it.</summary>
    public const string ControlPlanePool = "cp";

    public static string ControlPlane(string cluster, int index) => Worker(cluster, ControlPlanePool, index);

    public static string Worker(string cluster, string pool, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{cluster}-{pool}-{index}");
}
