namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// Kubelet provider ids, <c>microvm://&lt;host&gt;/&lt;uid&gt;</c> as the Cluster API microVM provider sets them. The uid
/// is the agent's, known only once the microVM exists, so the user-data carries a cloud-init jinja expression that the
/// guest resolves from its meta-data (<c>vm_host</c> from the controller, <c>instance_id</c> from the agent).
/// </summary>
public static class ProviderIds
{
    public const string Scheme = "microvm";

    /// <summary>What the kubelet is given; cloud-init renders it at boot.</summary>
    public const string Template = "microvm://{{ ds.meta_data.vm_host }}/{{ ds.meta_data.instance_id }}";

    /// <summary>The provider id a node on <paramref name="host"/> with agent uid <paramref name="uid"/> registers with.</summary>
    public static string For(string host, string uid)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentException.ThrowIfNullOrEmpty(uid);
        return $"{Scheme}://{host}/{uid}";
    }
}
