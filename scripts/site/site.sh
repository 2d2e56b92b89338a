#!/usr/bin/env bash
# The local site: three "servers" (host agents sled-1..3), each with its own network namespace holding its VMs'
# bridge, taps and QEMU processes, and the controller applying a fleet folder with a fleet-wide boot limit.
# scripts/run-local.sh and tests/LiquidMetal.Controller.IntegrationTests both start and stop the site through
# this script, so they run the same thing.
#
#   site.sh up                take down a leftover of the same site (a crashed run), then start it; returns once
#                             every agent and the controller listen
#   site.sh down              stop everything it started (controller, agents, every process in its namespaces),
#                             remove its namespaces (with their bridges and taps) and its state; logs are kept
#   site.sh stop-host NAME    a server losing power: SIGKILL its agent and every process in its namespace (its VMs)
#   site.sh start-host NAME   start that server's agent again on the same state (it finds its VMs' records)
#
# Every address is loopback (agents' and controller's APIs, in this namespace) or exists only inside the site's
# namespaces (bridges, taps, guests). Settings (environment, defaults match examples/fleet/hosts.yaml):
#   LM_SITE_ROOT             state and logs (/var/lib/liquidmetal/site): ROOT/<host>, ROOT/controller, ROOT/logs
#   LM_SITE_PREFIX           network namespaces are PREFIX-<host> (lm-site)
#   LM_SITE_HOSTS            the servers (sled-1 sled-2 sled-3)
#   LM_SITE_PORTS            their agents' ports on 127.0.0.1, in the same order (19091 19092 19093)
#   LM_SITE_CONTROLLER_PORT  the controller's API port on 127.0.0.1 (19443)
#   LM_SITE_FLEET            the folder the controller applies (examples/fleet)
#   LM_SITE_MAX_BOOTING      VMs booting at once fleet-wide (2: this machine has 2 cores and no KVM)
#   LM_SITE_GRACE            how long a host may be unreachable before its nodes are re-placed (00:01:00)
#   LM_SITE_POLL             how often the fleet folder is read (00:00:02)
#   LM_SITE_AGENT            the agent command (artifacts/agent/liquidmetal-agent, else the Release JIT build)
#   LM_SITE_CONTROLLER       the controller command (artifacts/controller/liquidmetal-controller, else the Release JIT build)
#   LM_GUEST_DIR             the agents' images directory (/var/cache/liquidmetal/guest)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)

ROOT=${LM_SITE_ROOT:-/var/lib/liquidmetal/site}
PREFIX=${LM_SITE_PREFIX:-lm-site}
read -ra HOSTS <<<"${LM_SITE_HOSTS:-sled-1 sled-2 sled-3}"
read -ra PORTS <<<"${LM_SITE_PORTS:-19091 19092 19093}"
CONTROLLER_PORT=${LM_SITE_CONTROLLER_PORT:-19443}
FLEET=${LM_SITE_FLEET:-$repo/examples/fleet}
MAX_BOOTING=${LM_SITE_MAX_BOOTING:-2}
GRACE=${LM_SITE_GRACE:-00:01:00}
POLL=${LM_SITE_POLL:-00:00:02}
GUEST_DIR=${LM_GUEST_DIR:-/var/cache/liquidmetal/guest}
BRIDGE=lmbr0
if [ -n "${LM_SITE_AGENT:-}" ]; then
  read -ra AGENT <<<"$LM_SITE_AGENT"
elif [ -x "$repo/artifacts/agent/liquidmetal-agent" ]; then
  AGENT=("$repo/artifacts/agent/liquidmetal-agent")
else
  AGENT=(dotnet "$repo/src/LiquidMetal.Agent/bin/Release/net10.0/liquidmetal-agent.dll")
fi
if [ -n "${LM_SITE_CONTROLLER:-}" ]; then
  read -ra CONTROLLER <<<"$LM_SITE_CONTROLLER"
elif [ -x "$repo/artifacts/controller/liquidmetal-controller" ]; then
  CONTROLLER=("$repo/artifacts/controller/liquidmetal-controller")
else
  CONTROLLER=(dotnet "$repo/src/LiquidMetal.Controller/bin/Release/net10.0/liquidmetal-controller.dll")
fi

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { echo "error: $*" >&2; exit 1; }

# Refuse settings that would make "down" remove the wrong thing.
case "$ROOT" in /?*) ;; *) fail "LM_SITE_ROOT must be an absolute path, not '$ROOT'" ;; esac
[ "$ROOT" != "/" ] || fail "LM_SITE_ROOT must not be /"
[[ "$PREFIX" =~ ^[a-zA-Z0-9_.-]{1,40}$ ]] || fail "LM_SITE_PREFIX '$PREFIX': 1-40 letters, digits, '.', '_' or '-'"
[ ${#HOSTS[@]} -gt 0 ] || fail "LM_SITE_HOSTS is empty"
[ ${#PORTS[@]} -eq ${#HOSTS[@]} ] || fail "LM_SITE_PORTS has ${#PORTS[@]} ports for ${#HOSTS[@]} hosts"
for h in "${HOSTS[@]}"; do
  [[ "$h" =~ ^[a-z0-9][a-z0-9-]{0,20}$ ]] || fail "host name '$h': 1-21 lower-case letters, digits or '-'"
done

ns_of() { echo "$PREFIX-$1"; }
port_of() {
  local i
  for i in "${!HOSTS[@]}"; do [ "${HOSTS[$i]}" = "$1" ] && { echo "${PORTS[$i]}"; return; }; done
  fail "no host '$1' in this site (${HOSTS[*]})"
}

# A recorded pid, only while it is still the process we started: its command line names our state directory.
live_pid() {
  local file=$1 needle=$2 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle" || return 1
  echo "$pid"
}

# Stops one recorded process: SIGTERM and up to 10 s to exit (SIGKILL with "kill"), then SIGKILL.
stop_pid() {
  local file=$1 needle=$2 how=${3:-term} pid
  if pid=$(live_pid "$file" "$needle"); then
    if [ "$how" = term ]; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$file"
}

# Every process inside a namespace (its VMs' QEMU processes and their helpers), then waits for them to go.
kill_namespace_processes() {
  local ns=$1 signal=${2:-TERM} pids
  [ -e "/run/netns/$ns" ] || return 0
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill "-$signal" $pids 2>/dev/null || true
  for _ in $(seq 1 100); do
    [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && return 0
    sleep 0.1
  done
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  for _ in $(seq 1 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && return 0; sleep 0.1; done
  fail "processes in network namespace $ns do not exit: $(ip netns pids "$ns" | tr '\n' ' ')"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_agent() {
  local host=$1 port ns dir
  port=$(port_of "$host")
  ns=$(ns_of "$host")
  dir=$ROOT/$host
  mkdir -p "$dir" "$ROOT/logs" "$ROOT/run"
  ! listening "$port" || fail "127.0.0.1:$port (agent of $host) is already in use by another process"
  setsid "${AGENT[@]}" --state-dir "$dir" --images-dir "$GUEST_DIR" --listen "127.0.0.1:$port" \
    --netns "$ns" --bridge "$BRIDGE" ${LM_SITE_AGENT_ARGS:-} </dev/null >>"$ROOT/logs/$host.log" 2>&1 &
  echo $! >"$ROOT/run/$host.pid"
}

wait_agent() {
  local host=$1 port
  port=$(port_of "$host")
  for _ in $(seq 1 1200); do
    [ -f "$ROOT/$host/token" ] && [ -f "$ROOT/$host/tls/ca.crt" ] && listening "$port" && return 0
    live_pid "$ROOT/run/$host.pid" "$ROOT/$host" >/dev/null ||
      { tail -n 30 "$ROOT/logs/$host.log" >&2; fail "the agent of $host exited; its log: $ROOT/logs/$host.log"; }
    sleep 0.1
  done
  fail "the agent of $host did not listen on 127.0.0.1:$port within 120 s; its log: $ROOT/logs/$host.log"
}

site_down() {
  stop_pid "$ROOT/run/controller.pid" "$ROOT/controller"
  for host in "${HOSTS[@]}"; do stop_pid "$ROOT/run/$host.pid" "$ROOT/$host"; done
  for host in "${HOSTS[@]}"; do
    local ns
    ns=$(ns_of "$host")
    kill_namespace_processes "$ns"
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "${ROOT:?}/$host"
  done
  rm -rf "${ROOT:?}/controller" "${ROOT:?}/run"
}

site_up() {
  [ "$(id -u)" -eq 0 ] || fail "the site needs root (network namespaces, taps)"
  [ -d "$FLEET" ] || fail "LM_SITE_FLEET: no folder $FLEET"
  [ -f "$GUEST_DIR/vmlinuz" ] || fail "no development guest in $GUEST_DIR (run scripts/setup.sh)"
  site_down
  mkdir -p "$ROOT/logs" "$ROOT/run"
  : >"$ROOT/logs/controller.log"
  for host in "${HOSTS[@]}"; do
    local ns
    ns=$(ns_of "$host")
    : >"$ROOT/logs/$host.log"
    log "Server $host: network namespace $ns with bridge $BRIDGE, agent on 127.0.0.1:$(port_of "$host")"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip -n "$ns" link add "$BRIDGE" type bridge
    ip -n "$ns" link set "$BRIDGE" up
    start_agent "$host"
  done
  for host in "${HOSTS[@]}"; do wait_agent "$host"; done

  log "Controller on 127.0.0.1:$CONTROLLER_PORT applying $FLEET (at most $MAX_BOOTING VMs booting at once)"
  ! listening "$CONTROLLER_PORT" || fail "127.0.0.1:$CONTROLLER_PORT (controller) is already in use by another process"
  mkdir -p "$ROOT/controller"
  # The key sealing the clusters' PKIs (their CA keys) at rest: made once per site, only root may read it.
  [ -s "$ROOT/controller/pki.key" ] || (umask 077; openssl rand -base64 32 >"$ROOT/controller/pki.key")
  setsid "${CONTROLLER[@]}" --state-dir "$ROOT/controller" --source-folder "$FLEET" --listen "127.0.0.1:$CONTROLLER_PORT" \
    --max-booting "$MAX_BOOTING" --host-grace-period "$GRACE" --poll-interval "$POLL" --pki-key-file "$ROOT/controller/pki.key" \
    </dev/null >>"$ROOT/logs/controller.log" 2>&1 &
  echo $! >"$ROOT/run/controller.pid"
  for _ in $(seq 1 1800); do
    [ -f "$ROOT/controller/token" ] && [ -f "$ROOT/controller/tls/ca.crt" ] && listening "$CONTROLLER_PORT" && return 0
    live_pid "$ROOT/run/controller.pid" "$ROOT/controller" >/dev/null ||
      { tail -n 30 "$ROOT/logs/controller.log" >&2; fail "the controller exited; its log: $ROOT/logs/controller.log"; }
    sleep 0.1
  done
  fail "the controller did not listen on 127.0.0.1:$CONTROLLER_PORT within 180 s; its log: $ROOT/logs/controller.log"
}

case "${1:-}" in
  up) site_up ;;
  down) site_down ;;
  stop-host)
    [ -n "${2:-}" ] || fail "usage: site.sh stop-host NAME"
    port_of "$2" >/dev/null
    stop_pid "$ROOT/run/$2.pid" "$ROOT/$2" kill
    kill_namespace_processes "$(ns_of "$2")" KILL
    ;;
  start-host)
    [ -n "${2:-}" ] || fail "usage: site.sh start-host NAME"
    port_of "$2" >/dev/null
    ! live_pid "$ROOT/run/$2.pid" "$ROOT/$2" >/dev/null || fail "the agent of $2 is already running"
    start_agent "$2"
    wait_agent "$2"
    ;;
  *) fail "usage: site.sh up | down | stop-host NAME | start-host NAME (settings: see the top of $0)" ;;
esac
