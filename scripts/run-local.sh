#!/usr/bin/env bash
# The main job: a working local Liquid Metal site on this machine. Sets up (scripts/setup.sh), starts a
# host agent whose VM network lives in its own network namespace ("lm-local", bridge lmbr0, 10.200.0.1/24,
# which exists only inside that namespace), boots the example microVM (examples/vm.yaml) to Ready, shows its
# console and pings it from the bridge. Then it keeps the site running until Ctrl-C (or exits at once with
# --once), and removes everything it made.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

once=false
[ "${1:-}" = "--once" ] && once=true

NS=lm-local
BRIDGE=lmbr0
GATEWAY=10.200.0.1/24
STATE=${LM_STATE_DIR:-/var/lib/liquidmetal/local}
GUEST_DIR=${LM_GUEST_DIR:-/var/cache/liquidmetal/guest}
PORT=${LM_PORT:-9090}

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

./scripts/setup.sh

lm() { dotnet "$repo/src/LiquidMetal.Cli/bin/Release/net10.0/lm.dll" "$@"; }
export LM_AGENT="https://127.0.0.1:$PORT" LM_CA_FILE="$STATE/tls/ca.crt"

stop_site() {
  log "Stopping the local site"
  if [ -f "$STATE/agent.pid" ] && kill -0 "$(cat "$STATE/agent.pid")" 2>/dev/null; then
    for uid in $(lm vm list -o json 2>/dev/null | grep -o '"uid": *"[^"]*"' | cut -d'"' -f4); do
      lm vm delete "$uid" --wait >/dev/null 2>&1 || true
    done
    kill "$(cat "$STATE/agent.pid")" 2>/dev/null || true
  fi
  rm -f "$STATE/agent.pid"
  ip netns del "$NS" 2>/dev/null || true
}

# A site left over from an earlier run (e.g. killed) is taken down first.
stop_site >/dev/null 2>&1 || true
trap stop_site EXIT
trap 'exit 130' INT TERM

log "Creating network namespace $NS with bridge $BRIDGE ($GATEWAY, inside the namespace only)"
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add "$BRIDGE" type bridge
ip -n "$NS" addr add "$GATEWAY" dev "$BRIDGE"
ip -n "$NS" link set "$BRIDGE" up

log "Starting the host agent on 127.0.0.1:$PORT (state in $STATE, log in $STATE/agent.log)"
mkdir -p "$STATE"
setsid "$repo/artifacts/agent/liquidmetal-agent" \
  --state-dir "$STATE" --images-dir "$GUEST_DIR" --listen "127.0.0.1:$PORT" \
  --netns "$NS" --bridge "$BRIDGE" >"$STATE/agent.log" 2>&1 &
echo $! >"$STATE/agent.pid"
for _ in $(seq 1 120); do
  [ -f "$STATE/token" ] && [ -f "$STATE/tls/ca.crt" ] && LM_TOKEN=$(cat "$STATE/token") lm host info >/dev/null 2>&1 && break
  kill -0 "$(cat "$STATE/agent.pid")" 2>/dev/null || { cat "$STATE/agent.log"; echo "error: the agent exited; see above" >&2; exit 1; }
  sleep 0.5
done
export LM_TOKEN
LM_TOKEN=$(cat "$STATE/token")

log "Host"
lm host info

log "Creating the example microVM (examples/vm.yaml) and waiting until its guest has booted"
lm vm create -f examples/vm.yaml
uid=$(lm vm list --namespace demo --name demo-vm -o json | grep -o '"uid": *"[^"]*"' | head -1 | cut -d'"' -f4)

log "Its serial console"
lm vm console "$uid"

log "Pinging it from the host side of the bridge"
ip netns exec "$NS" busybox ping -c 3 -W 2 10.200.0.10

log "VMs"
lm vm list

if $once; then
  exit 0
fi
cat <<MSG

The site is running. In another shell:
  export LM_AGENT=$LM_AGENT LM_CA_FILE=$LM_CA_FILE LM_TOKEN=\$(cat $STATE/token)
  lm vm list;  lm vm console $uid --follow;  lm vm create -f examples/vm.yaml
Press Ctrl-C to stop it and remove everything it made.
MSG
while kill -0 "$(cat "$STATE/agent.pid")" 2>/dev/null; do sleep 1; done
