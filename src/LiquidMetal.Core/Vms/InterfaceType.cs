namespace LiquidMetal.Core.Vms;

public enum InterfaceType
{
    Macvtap = 0,
    Tap = 1,
}
