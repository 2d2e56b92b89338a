namespace LiquidMetal.Controller.Core.Model;

public enum HostRole
{
    /// <summary>Runs microVMs through its host agent.</summary>
    Kvm,

    /// <summary>Is itself a bare-metal worker node of one cluster.</summary>
    Metal,
}
