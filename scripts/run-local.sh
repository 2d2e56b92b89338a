#!/usr/bin/env bash
# The main job: a working local Liquid Metal site on this machine. Sets up (scripts/setup.sh), then starts the site
# (scripts/site/site.sh): three "servers" sled-1..3, each a host agent whose VMs (bridge lmbr0, taps, QEMU) live in
# its own network namespace lm-site-sled-N, and the controller applying examples/fleet (cluster-a, mixed mode, and
# cluster-b: 12 microVMs), at most 2 guests booting at once. Shows the hosts, where every node lands and why, each
# convergence round until the fleet has converged, then the guests booting until all are Ready, and the machines.
# Then it keeps the site running (showing changes) until Ctrl-C, or with --once exits as soon as all are Ready;
# either way it removes every process, namespace, bridge and tap it made. A leftover of a crashed run goes first.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

once=false
case "${1:-}" in
  --once) once=true ;;
  "") ;;
  *) echo "usage: $0 [--once]" >&2; exit 2 ;;
esac

ROOT=/var/lib/liquidmetal/site
export LM_SITE_ROOT=$ROOT LM_SITE_PREFIX=lm-site LM_SITE_HOSTS="sled-1 sled-2 sled-3" LM_SITE_PORTS="19091 19092 19093"
export LM_SITE_CONTROLLER_PORT=19443 LM_SITE_FLEET="$repo/examples/fleet" LM_SITE_MAX_BOOTING=2

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

./scripts/setup.sh

lm() { dotnet "$repo/src/LiquidMetal.Cli/bin/Release/net10.0/lm.dll" "$@"; }
export LM_CONTROLLER="https://127.0.0.1:$LM_SITE_CONTROLLER_PORT"
export LM_CONTROLLER_CA_FILE="$ROOT/controller/tls/ca.crt" LM_CONTROLLER_TOKEN_FILE="$ROOT/controller/token"

stop_site() {
  trap - EXIT INT TERM
  log "Stopping the local site: controller, agents, every VM; removing its namespaces, bridges and taps"
  ./scripts/site/site.sh down
  if ip netns list | grep -q "^$LM_SITE_PREFIX-"; then
    echo "error: network namespaces left: $(ip netns list | grep "^$LM_SITE_PREFIX-" | tr '\n' ' ')" >&2
    exit 1
  fi
}

# "Ready" guests: machines whose VM is Running (its guest booted), and all machines, from the controller.
machines_json() { lm get machines -o json 2>/dev/null || true; }
count_ready() { grep -o '"reason": *"Running"' <<<"$1" | wc -l; }
count_machines() { grep -o '"node": *"' <<<"$1" | wc -l; }

trap stop_site EXIT
trap 'exit 130' INT TERM
log "Starting the local site (a leftover of an earlier run is taken down first); logs in $ROOT/logs"
./scripts/site/site.sh up

# The controller has applied the fleet and watches every agent once all three hosts are Reachable.
for _ in $(seq 1 240); do
  [ "$(lm get hosts -o json 2>/dev/null | grep -c '"state": *"Reachable"')" -eq 3 ] && break
  sleep 0.5
done
log "Hosts"
lm get hosts
log "Where every node lands, and why (lm plan)"
lm plan

log "Converging (lm apply: one line per round; creates beyond 2 booting guests wait)"
lm apply
echo

log "Guests booting (Ready = the guest has booted)"
last=""
for _ in $(seq 1 1200); do
  json=$(machines_json)
  ready=$(count_ready "$json")
  total=$(count_machines "$json")
  line="$ready/$total guests Ready"
  [ "$line" = "$last" ] || { echo "  $(date +%H:%M:%S) $line"; last=$line; }
  [ "$total" -gt 0 ] && [ "$ready" -eq "$total" ] && break
  sleep 1
done
[ "$total" -gt 0 ] && [ "$ready" -eq "$total" ] || { echo "error: not every guest became Ready within 20 minutes; see $ROOT/logs" >&2; exit 1; }

log "Machines"
lm get machines
log "Clusters"
lm get clusters

if $once; then
  exit 0
fi

cat <<MSG

The site is running. In another shell:
  export LM_CONTROLLER=$LM_CONTROLLER LM_CONTROLLER_CA_FILE=$LM_CONTROLLER_CA_FILE LM_CONTROLLER_TOKEN_FILE=$LM_CONTROLLER_TOKEN_FILE
  lm get hosts;  lm get clusters;  lm get machines;  lm describe cluster cluster-a
  edit examples/fleet/*.yaml (the controller reads it every 2 s), or lm plan -f examples/fleet
  sudo ./scripts/site/site.sh stop-host sled-2    # a server loses power: agent and VMs killed; its nodes move after 60 s
  sudo ./scripts/site/site.sh start-host sled-2   # it comes back: its stale VMs are removed
Changes show below. Press Ctrl-C to stop the site and remove everything it made.
MSG
last=""
while true; do
  json=$(machines_json)
  hosts=$(lm get hosts -o json 2>/dev/null | grep -o '"state": *"[A-Za-z]*"' | cut -d'"' -f4 | tr '\n' ' ' || true)
  line="$(count_ready "$json")/$(count_machines "$json") guests Ready; hosts sled-1..3: ${hosts:-?}"
  [ "$line" = "$last" ] || { echo "  $(date +%H:%M:%S) $line"; last=$line; }
  sleep 2
done
