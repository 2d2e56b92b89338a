using LiquidMetal.Core.Vms;

namespace LiquidMetal.Agent.Sqlite;

/// <summary>A VM as it is about to be stored, serialized once (off the writer thread where possible).</summary>
internal sealed class VmDocument
{
    private VmDocument(MicroVm vm, string specJson, string statusJson, string vmJson)
    {
        Vm = vm;
        SpecJson = specJson;
        StatusJson = statusJson;
        VmJson = vmJson;
    }

    public MicroVm Vm { get; }

    /// <summary>The <c>vms.spec_json</c> column.</summary>
    public string SpecJson { get; }

    /// <summary>The <c>vms.status_json</c> column.</summary>
    public string StatusJson { get; }

    /// <summary>The whole VM, for <c>changes.vm_json</c>.</summary>
    public string VmJson { get; }

    public static VmDocument From(MicroVm vm) =>
        new(vm, MicroVmJson.Serialize(vm.Spec), MicroVmJson.Serialize(vm.Status), MicroVmJson.Serialize(vm));
}
