namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>
/// The bootstrap template for one Kubernetes minor release: which kubeadm configuration format its nodes get and the
/// pause (sandbox) image its kubeadm expects containerd to use.
/// </summary>
public sealed record KubernetesRelease(int Major, int Minor, KubeadmApiVersion KubeadmApi, string PauseImage)
{
    public string Name => $"v{Major}.{Minor}";

    public string KubeadmApiGroupVersion => KubeadmApi == KubeadmApiVersion.V1Beta3 ? "kubeadm.k8s.io/v1beta3" : "kubeadm.k8s.io/v1beta4";
}
