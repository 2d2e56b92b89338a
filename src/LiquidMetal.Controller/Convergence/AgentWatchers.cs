using LiquidMetal.Controller.Core.Model;
using LiquidMetal.Controller.Core.Ports;
using LiquidMetal.Controller.Hosting;
using Microsoft.Extensions.Options;

namespace LiquidMetal.Controller.Convergence;

/// <summary>One <see cref="AgentWatcher"/> per declared kvm host, replaced when its agent connection changes.</summary>
internal sealed partial class AgentWatchers(
    IHostAgentClientFactory factory,
    IOptions<ControllerOptions> options,
    RoundTrigger trigger,
    TimeProvider time,
    ILogger<AgentWatcher> logger) : IAsyncDisposable
{
    private readonly Dictionary<string, AgentWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _failures = new(StringComparer.Ordinal);

    public AgentWatcher? Find(string host) => _watchers.GetValueOrDefault(host);

    /// <summary>Why a host has no watcher (its endpoint or token file is unusable); null when it has one.</summary>
    public string? FailureOf(string host) => _failures.GetValueOrDefault(host);

    /// <summary>Starts watchers for new hosts, restarts those whose connection changed, stops those no longer declared.</summary>
    public async Task SyncAsync(Fleet fleet, IReadOnlyList<HostStatusRecord> stored)
    {
        var wanted = new Dictionary<string, HostAgentEndpoint>(StringComparer.Ordinal);
        _failures.Clear();
        foreach (var host in fleet.Hosts.Where(h => h.Role == HostRole.Kvm && h.Agent is not null))
        {
            try
            {
                wanted[host.Name] = EndpointOf(host.Agent!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                _failures[host.Name] = e.Message;
            }
        }

        foreach (var (name, watcher) in _watchers.ToList())
        {
            if (!wanted.TryGetValue(name, out var endpoint) || endpoint != watcher.Endpoint)
            {
                _watchers.Remove(name);
                await watcher.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (var (name, endpoint) in wanted)
        {
            if (_watchers.ContainsKey(name))
            {
                continue;
            }

            try
            {
                var client = factory.Create(endpoint);
                _watchers[name] = new AgentWatcher(name, endpoint, client, stored.FirstOrDefault(s => s.Host == name), time, logger, trigger.Kick);
            }
            catch (HostAgentException e)
            {
                _failures[name] = e.Message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in _watchers.Values)
        {
            await watcher.DisposeAsync().ConfigureAwait(false);
        }

        _watchers.Clear();
    }

    private HostAgentEndpoint EndpointOf(AgentConnection agent)
    {
        if (agent.TokenSecretRef is not null)
        {
            throw new InvalidOperationException($"tokenSecretRef '{agent.TokenSecretRef}' needs a secret store, which this controller does not have yet; use tokenFile");
        }

        var token = agent.TokenFile is null ? null : File.ReadAllText(agent.TokenFile).Trim();
        return new HostAgentEndpoint(agent.Endpoint, agent.CaFile, token, options.Value.AgentsInsecure);
    }
}
