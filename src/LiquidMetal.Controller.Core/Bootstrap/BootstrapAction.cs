namespace LiquidMetal.Controller.Core.Bootstrap;

/// <summary>What a node does with kubeadm. The controller picks it: a cluster's first control-plane node initializes it once; every later node joins.</summary>
public enum BootstrapAction
{
    /// <summary><c>kubeadm init</c>: the first control-plane node of a new cluster.</summary>
    InitControlPlane,

    /// <summary><c>kubeadm join --control-plane</c> with the cluster's CAs delivered as files (no certificate upload).</summary>
    JoinControlPlane,

    /// <summary><c>kubeadm join</c> with a bootstrap token and the CA's public-key hash.</summary>
    JoinWorker,
}
