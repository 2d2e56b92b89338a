namespace LiquidMetal.Controller.Pki;

/// <summary>The key type of CAs, leaves and the service-account key: kubeadm's <c>encryptionAlgorithm</c>.</summary>
public enum KeyAlgorithm
{
    /// <summary>RSA 2048 (kubeadm's default, <c>RSA-2048</c>).</summary>
    Rsa2048 = 0,

    /// <summary><c>RSA-3072</c>.</summary>
    Rsa3072 = 1,

    /// <summary><c>RSA-4096</c>.</summary>
    Rsa4096 = 2,

    /// <summary><c>ECDSA-P256</c>.</summary>
    EcdsaP256 = 3,
}
