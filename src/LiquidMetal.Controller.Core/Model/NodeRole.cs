namespace LiquidMetal.Controller.Core.Model;

public enum NodeRole
{
    ControlPlane,
    Worker,
}
