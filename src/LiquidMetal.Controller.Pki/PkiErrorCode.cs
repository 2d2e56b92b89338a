namespace LiquidMetal.Controller.Pki;

public enum PkiErrorCode
{
    /// <summary>A certificate request or kubeconfig names something invalid (the message lists every field at fault).</summary>
    InvalidRequest = 0,

    /// <summary>A certificate or key given in PEM cannot be read, or the key is not the certificate's.</summary>
    InvalidCertificate = 1,

    /// <summary>The operator's encryption key file is missing, unreadable, too open, or does not hold 32 bytes.</summary>
    EncryptionKeyUnusable = 2,

    /// <summary>A sealed key was encrypted with another encryption key (the message names both key ids).</summary>
    WrongEncryptionKey = 3,

    /// <summary>A sealed key fails authentication: damaged, truncated, or moved from another cluster or item.</summary>
    SealedKeyCorrupt = 4,
}
