namespace LiquidMetal.Oci.Auth;

/// <summary>Credentials for one registry: a user name and password, or an identity (refresh) token for the token endpoint.</summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    public bool HasPassword => !string.IsNullOrEmpty(Username) && Password is not null;

    // Never print secrets.
    public override string ToString() => $"RegistryCredential {{ Username = {Username} }}";
}
