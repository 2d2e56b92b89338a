using LiquidMetal.Core.Ports;
using LiquidMetal.Core.Reconcile;
using LiquidMetal.Core.Storage;
using LiquidMetal.Core.Validation;
using LiquidMetal.Core.Vms;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Core.Service;

/// <summary>
/// The microVM API's semantics, independent of the wire: validation, idempotent create by namespace/id,
/// asynchronous delete. Writes are durable before they return; the reconciler does the rest.
/// </summary>
public sealed class MicroVmService
{
    private readonly IVmStore _store;
    private readonly WorkQueue<string> _queue;
    private readonly MicroVmSpecValidator _validator;
    private readonly VmmProviders _providers;
    private readonly ReconcilerOptions _options;
    private readonly UlidGenerator _ulids;
    private readonly TimeProvider _time;

    public MicroVmService(
        IVmStore store,
        WorkQueue<string> queue,
        MicroVmSpecValidator validator,
        VmmProviders providers,
        IOptions<ReconcilerOptions> options,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _queue = queue;
        _validator = validator;
        _providers = providers;
        _options = options.Value;
        _time = time;
        _ulids = new UlidGenerator(time);
    }

    /// <summary>Stores a new VM (version 1, PENDING), or returns the existing one when the same spec was created before.</summary>
    /// <exception cref="ValidationException">Every problem with the spec.</exception>
    /// <exception cref="MicroVmServiceException">AlreadyExists with another spec, or a host precondition.</exception>
    public async Task<MicroVm> CreateAsync(MicroVmSpec requested, CancellationToken cancellationToken)
    {
        var spec = MicroVmDefaults.Apply(requested);
        var errors = _validator.Validate(spec).ToList();
        if (!string.IsNullOrEmpty(spec.Provider) && !_providers.TryGet(spec.Provider, out _))
        {
            errors.Add(new ValidationError("microvm.provider", $"unknown VMM provider '{spec.Provider}' (this host has: {string.Join(", ", _providers.All.Select(d => d.Name))})"));
        }

        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }

        spec = MicroVmJson.Canonical(spec);
        CheckHostPreconditions(spec);
        if (FindExisting(spec) is { } existing)
        {
            return existing;
        }

        var now = _time.GetUtcNow();
        var vm = new MicroVm { Uid = _ulids.Next(), Version = 1, Spec = spec, CreatedAt = now, UpdatedAt = now };
        var outcome = await _store.CreateAsync(vm, cancellationToken).ConfigureAwait(false);
        if (!outcome.Created)
        {
            return Reuse(outcome.Vm, spec);
        }

        _queue.Add(outcome.Vm.Uid);
        return outcome.Vm;
    }

    public MicroVm Get(string uid) =>
        string.IsNullOrEmpty(uid)
            ? throw new ValidationException([new ValidationError("uid", "is required")])
            : _store.Get(uid) ?? throw new MicroVmServiceException(ErrorCode.NotFound, $"microvm {uid} not found");

    public IReadOnlyList<MicroVm> List(string? @namespace, string? id) => _store.List(@namespace, id);

    /// <summary>Marks the VM DELETING; the reconciler stops it, cleans up and removes the record.</summary>
    public async Task<MicroVm> DeleteAsync(string uid, CancellationToken cancellationToken)
    {
        while (true)
        {
            var vm = Get(uid);
            if (vm.IsDeleting)
            {
                _queue.Add(uid);
                return vm;
            }

            try
            {
                var deleting = vm with { Status = vm.Status with { State = MicroVmState.Deleting, LastTransition = _time.GetUtcNow(), NextAttemptAt = null }, DeletedAt = _time.GetUtcNow() };
                var stored = await _store.UpdateAsync(deleting, vm.Version, cancellationToken).ConfigureAwait(false);
                _queue.Add(uid);
                return stored;
            }
            catch (VersionConflictException)
            {
                // The reconciler saved a status meanwhile; read it again.
            }
        }
    }

    private MicroVm? FindExisting(MicroVmSpec spec)
    {
        var matches = _store.List(spec.Namespace, spec.Id);
        return matches.Count > 0 ? Reuse(matches[0], spec) : null;
    }

    private static MicroVm Reuse(MicroVm existing, MicroVmSpec spec)
    {
        if (existing.IsDeleting)
        {
            throw new MicroVmServiceException(ErrorCode.AlreadyExists,
                $"microvm {spec.Namespace}/{spec.Id} already exists (uid {existing.Uid}) and is being deleted; create it again once it is gone");
        }

        return MicroVmJson.AreEquivalent(existing.Spec, spec)
            ? existing
            : throw new MicroVmServiceException(ErrorCode.AlreadyExists,
                $"microvm {spec.Namespace}/{spec.Id} already exists (uid {existing.Uid}) with a different spec; delete it first or use another id");
    }

    private void CheckHostPreconditions(MicroVmSpec spec)
    {
        var driver = _providers.For(spec.Provider);
        var problems = new List<string>();
        for (var i = 0; i < spec.Interfaces.Count; i++)
        {
            var nic = spec.Interfaces[i];
            if (nic.Type != InterfaceType.Macvtap)
            {
                continue;
            }

            if (!driver.Capabilities.HasFlag(VmmCapabilities.Macvtap))
            {
                problems.Add($"microvm.interfaces[{i}].type: VMM provider {driver.Name} cannot attach MACVTAP interfaces here; use TAP");
            }
            else if (string.IsNullOrEmpty(nic.BridgeName) && string.IsNullOrEmpty(_options.DefaultMacvtapParent))
            {
                problems.Add($"microvm.interfaces[{i}].type: MACVTAP needs a parent interface; this host has none configured (Reconciler:DefaultMacvtapParent): set overrides.bridge_name to the parent or use TAP");
            }
        }

        if (spec.Initrd is not null && !driver.Capabilities.HasFlag(VmmCapabilities.Initrd))
        {
            problems.Add($"microvm.initrd: VMM provider {driver.Name} cannot boot with an initrd");
        }

        if (problems.Count > 0)
        {
            throw new MicroVmServiceException(ErrorCode.FailedPrecondition, string.Join("; ", problems));
        }
    }
}
