namespace LiquidMetal.Controller.Core.Model;

/// <summary>A taint the kubelet registers its node with (<c>key[=value]:effect</c>).</summary>
public sealed record NodeTaint
{
    /// <summary>kubeadm's default for control-plane nodes.</summary>
    public static NodeTaint ControlPlane { get; } = new() { Key = "node-role.kubernetes.io/control-plane", Effect = TaintEffect.NoSchedule };

    public required string Key { get; init; }

    /// <summary>Optional; at most 63 characters, label-value syntax.</summary>
    public string? Value { get; init; }

    public required TaintEffect Effect { get; init; }

    public override string ToString() => Value is null ? $"{Key}:{Effect}" : $"{Key}={Value}:{Effect}";
}
