namespace LiquidMetal.Controller.Core.Model;

/// <summary>
/// The cluster's own address ranges and DNS domain (kubeadm's <c>networking</c>). Defaults: kubeadm's service subnet
/// and DNS domain; kubeadm has no pod subnet default, so the one kind and flannel use.
/// </summary>
public sealed record ClusterNetworking
{
    public const string DefaultServiceCidr = "10.96.0.0/12";
    public const string DefaultPodCidr = "10.244.0.0/16";
    public const string DefaultDnsDomain = "cluster.local";

    public static ClusterNetworking Default { get; } = new();

    public string ServiceCidr { get; init; } = DefaultServiceCidr;
    public string PodCidr { get; init; } = DefaultPodCidr;
    public string DnsDomain { get; init; } = DefaultDnsDomain;
}
