namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>The kubeadm configuration format a Kubernetes release is given.</summary>
public enum KubeadmApiVersion
{
    /// <summary><c>kubeadm.k8s.io/v1beta3</c>: extra arguments are maps (Kubernetes 1.22 to 1.30).</summary>
    V1Beta3,

    /// <summary><c>kubeadm.k8s.io/v1beta4</c>: extra arguments are lists of name/value (Kubernetes 1.31 and later).</summary>
    V1Beta4,
}
