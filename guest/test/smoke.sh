#!/bin/bash
# Smoke test of the development guest (a manual check, not part of CI):
# builds it, boots it under QEMU microvm (TCG) in a network namespace with a
# NoCloud seed ISO and the root volume, waits for the readiness marker, pings
# the static address, powers it off over QMP, and checks that the broken
# images fail. Needs root (network namespace, tap) and python3 (QMP client).
# Usage: guest/test/smoke.sh [OUTDIR] [BOOTS]
#   OUTDIR default /var/cache/liquidmetal/guest; BOOTS = timed boots (default 3)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-/var/cache/liquidmetal/guest}
BOOTS=${2:-3}
NS=lmguest-test
GUEST_IP=10.250.0.10
MAC=02:ab:cd:ef:01:02

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

"$HERE/../build.sh" "$OUT"

W=$(mktemp -d /tmp/lmguest-smoke.XXXXXX)
cleanup() {
	local p
	for p in "$W"/*.pid; do
		[ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
	done
	ip netns del "$NS" 2>/dev/null || true
	rm -rf "$W"
}
trap cleanup EXIT

TSCKHZ=$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)

# NoCloud seed
mkdir "$W/seed"
cat >"$W/seed/meta-data" <<EOF
instance-id: iid-smoke-0001
local-hostname: "lm-smoke"
EOF
cat >"$W/seed/network-config" <<EOF
version: 2
ethernets:
  eth0:
    match:
      macaddress: "$MAC"
    set-name: eth0
    addresses:
    - $GUEST_IP/24
    - "fd00:250::10/64"
    routes:
    - to: 0.0.0.0/0
      via: 10.250.0.1
    nameservers:
      addresses:
      - 10.250.0.1
EOF
printf '#cloud-config\n' >"$W/seed/user-data"
genisoimage -quiet -volid cidata -joliet -rock -o "$W/seed.iso" \
	"$W/seed/meta-data" "$W/seed/user-data" "$W/seed/network-config"

# Network namespace with a bridge and a tap for the guest.
ip netns del "$NS" 2>/dev/null || true
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add br0 type bridge
ip -n "$NS" addr add 10.250.0.1/24 dev br0
ip -n "$NS" addr add fd00:250::1/64 dev br0 nodad
ip -n "$NS" link set br0 up
ip -n "$NS" tuntap add dev tap0 mode tap
ip -n "$NS" link set tap0 master br0 up

qmp() { # SOCKET COMMAND
	python3 - "$1" "$2" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
s.connect(sys.argv[1])
f = s.makefile("rw")
f.readline()
for cmd in ("qmp_capabilities", sys.argv[2]):
    f.write(json.dumps({"execute": cmd}) + "\n"); f.flush()
    while True:
        r = json.loads(f.readline())
        if "return" in r or "error" in r:
            break
    if "error" in r:
        sys.exit("QMP error: %s" % r)
EOF
}

# boot NAME KERNEL INITRD [extra qemu args...]: starts QEMU in the namespace
# (in the background, under timeout), console in $W/NAME.log.
boot() {
	local name=$1 kernel=$2 initrd=$3
	shift 3
	cp --reflink=auto "$OUT/rootfs.ext4" "$W/$name.root.ext4"
	ip netns exec "$NS" timeout 60 qemu-system-x86_64 -M microvm -accel tcg -cpu max -m 256 -smp 1 \
		-nodefaults -no-user-config -nographic -no-reboot \
		-serial "file:$W/$name.log" -qmp "unix:$W/$name.qmp,server=on,wait=off" -pidfile "$W/$name.pid" \
		-kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 edd=off tsc_early_khz=$TSCKHZ root=/dev/vda" \
		-drive "id=root,file=$W/$name.root.ext4,format=raw,if=none" -device virtio-blk-device,drive=root \
		-drive "id=seed,file=$W/seed.iso,format=raw,if=none,readonly=on" -device virtio-blk-device,drive=seed \
		-netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device "virtio-net-device,netdev=n0,mac=$MAC" \
		"$@" >"$W/$name.out" 2>&1 &
	QPID=$!
}

# wait_marker NAME: seconds from now until the marker (fails after 40 s).
wait_marker() {
	local name=$1 t0=$2 i
	for ((i = 0; i < 4000; i++)); do
		if grep -q '^liquidmetal-ready ' "$W/$name.log" 2>/dev/null; then
			echo "$(($(date +%s%N) - t0))"
			return 0
		fi
		kill -0 "$QPID" 2>/dev/null || { cat "$W/$name.log" >&2; fail "$name: QEMU exited before the marker"; }
		sleep 0.01
	done
	cat "$W/$name.log" >&2
	fail "$name: no marker"
}

times=()
for ((n = 1; n <= BOOTS; n++)); do
	name=boot$n
	t0=$(date +%s%N)
	boot "$name" "$OUT/vmlinuz" "$OUT/initrd.img"
	ns=$(wait_marker "$name" "$t0")
	ms=$((ns / 1000000))
	times+=("$ms")
	grep -qx 'liquidmetal-ready instance-id=iid-smoke-0001 hostname=lm-smoke' <(tr -d '\r' <"$W/$name.log") ||
		{ cat "$W/$name.log"; fail "marker line"; }
	ok "$name: marker after $ms ms"
	if [ "$n" -eq 1 ]; then
		tr -d '\r' <"$W/$name.log" | grep -E '^(lm-init: |liquidmetal-ready)'
		grep -q "^lm-init: net eth0 $MAC $GUEST_IP/24,fd00:250::10/64" <(tr -d '\r' <"$W/$name.log") || fail "net line"
		grep -q '^lm-init: root /dev/vda mounted' <(tr -d '\r' <"$W/$name.log") || fail "root line"
		grep -q '^lm-init: liquidmetal-root liquidmetal test root volume' <(tr -d '\r' <"$W/$name.log") || fail "root content"
		ip netns exec "$NS" busybox ping -c1 -W2 "$GUEST_IP" >/dev/null || fail "ping $GUEST_IP"
		ok "ping $GUEST_IP"
		ip netns exec "$NS" busybox ping6 -c1 -W2 fd00:250::10 >/dev/null || fail "ping fd00:250::10"
		ok "ping6 fd00:250::10"
	fi
	tp=$(date +%s%N)
	qmp "$W/$name.qmp" system_powerdown
	for ((i = 0; i < 1000; i++)); do
		kill -0 "$QPID" 2>/dev/null || break
		sleep 0.01
	done
	kill -0 "$QPID" 2>/dev/null && { cat "$W/$name.log"; fail "$name: QEMU still running 10 s after system_powerdown"; }
	wait "$QPID" && rc=0 || rc=$?
	[ "$rc" -eq 0 ] || fail "$name: QEMU exit status $rc after powerdown"
	grep -q '^lm-init: powerdown' <(tr -d '\r' <"$W/$name.log") || fail "$name: no powerdown line"
	ok "$name: system_powerdown -> QEMU exited after $((($(date +%s%N) - tp) / 1000000)) ms"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "boot times (ms): $(echo $sorted) median $(sed -n "$(((BOOTS + 1) / 2))p" <<<"$sorted")"

# broken-init.img: the kernel panics, panic=-1 + -no-reboot end QEMU.
t0=$(date +%s%N)
boot broken-init "$OUT/vmlinuz" "$OUT/broken-init.img"
wait "$QPID" && rc=0 || rc=$?
[ "$rc" -ne 124 ] || fail "broken-init: QEMU did not exit (timeout)"
! grep -q liquidmetal-ready "$W/broken-init.log" || fail "broken-init printed the marker"
grep -q 'Attempted to kill init' "$W/broken-init.log" || fail "broken-init: no panic message"
ok "broken-init: QEMU exited (status $rc) after $((($(date +%s%N) - t0) / 1000000)) ms, kernel panic, no marker"

# broken-kernel: QEMU refuses it at start.
t0=$(date +%s%N)
boot broken-kernel "$OUT/broken-kernel" "$OUT/initrd.img"
wait "$QPID" && rc=0 || rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || fail "broken-kernel: QEMU status $rc"
! grep -q liquidmetal-ready "$W/broken-kernel.log" 2>/dev/null || fail "broken-kernel printed the marker"
ok "broken-kernel: QEMU exited with status $rc after $((($(date +%s%N) - t0) / 1000000)) ms: $(head -c 200 "$W/broken-kernel.out")"

echo "smoke test passed"
