#!/bin/sh
# /init (PID 1) of the Liquid Metal development guest. busybox sh.
#
# Console protocol (ttyS0): progress lines start with "lm-init: ", and the
# guest is ready when it prints exactly
#   liquidmetal-ready instance-id=<id> hostname=<hostname>
#
# Seed files (meta-data, network-config) are user input. They are parsed by
# awk into "KIND VALUE" lines, each value is checked against a simple pattern
# (lib/validate.sh) and passed to commands as one quoted argument. Nothing
# read from the seed is ever eval'ed or sourced.
#
# PID 1 must never exit (the kernel would panic), so there is no `set -e`:
# every step reports its failure and the boot goes on.

PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022

mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev 2>/dev/null
# The initramfs may lack /dev/console (it needs mknod to build): reopen the
# console now that devtmpfs is there. A failed `exec` redirection would end
# the shell, hence the test.
if [ -c /dev/console ]; then
	exec </dev/console >/dev/console 2>&1
fi

. /lib/lm/validate.sh
log() { lm_log "$@"; }
warn() { lm_log "warning: $*"; }

SEED=/run/seed
ROOTMNT=/mnt/root
STATE=/run/lm

# --- 1. filesystems, modules, /dev ------------------------------------------
mount -t proc -o nosuid,nodev,noexec proc /proc
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mkdir -p /dev/pts /dev/shm "$STATE" "$SEED" "$ROOTMNT" /var/log /tmp
mount -t devpts -o nosuid,noexec,gid=5,mode=0620 devpts /dev/pts 2>/dev/null
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
chmod 1777 /tmp

KREL=$(uname -r)
log "start kernel $KREL"

nmod=0
if [ -r "/lib/modules/$KREL/lm-load-order" ]; then
	while read -r m; do
		[ -n "$m" ] || continue
		if insmod "/lib/modules/$KREL/$m" </dev/null; then
			nmod=$((nmod + 1))
		else
			warn "module ${m##*/} failed"
		fi
	done <"/lib/modules/$KREL/lm-load-order"
else
	warn "no module list for kernel $KREL"
fi
log "modules loaded $nmod"

# --- 6 (early). acpid: ACPI power button -> clean poweroff -------------------
# busybox acpid opens /dev/input/event0, event1, ... once at start (it does
# not watch for new devices), so it starts after button+evdev are loaded.
if [ -c /dev/input/event0 ]; then
	if acpid -c /etc/acpi -a /etc/acpid.conf -M /etc/acpi.map -l /var/log/acpid.log -p /run/acpid.pid </dev/null; then
		log "acpid started"
	else
		warn "acpid failed"
	fi
else
	warn "no input device, acpid not started"
fi

# --- 2. NoCloud seed ---------------------------------------------------------
seeddev=""
for label in cidata CIDATA; do
	d=$(findfs "LABEL=$label" 2>/dev/null) || continue
	if [ -b "$d" ]; then
		seeddev=$d
		break
	fi
done
have_seed=0
if [ -n "$seeddev" ]; then
	if mount -t iso9660 -o ro "$seeddev" "$SEED" 2>/dev/null ||
		mount -t vfat -o ro "$seeddev" "$SEED" 2>/dev/null; then
		have_seed=1
		log "seed $seeddev"
	else
		warn "seed $seeddev mount failed"
	fi
fi
[ $have_seed -eq 1 ] || log "no seed"

# --- 3. meta-data: hostname, instance id ------------------------------------
iid=""
cfg_host=""
if [ $have_seed -eq 1 ] && [ -r "$SEED/meta-data" ]; then
	awk -f /lib/lm/yaml.awk -f /lib/lm/metadata.awk "$SEED/meta-data" >"$STATE/meta" 2>/dev/null
	while read -r k v; do
		case $k in
		hostname) cfg_host=$v ;;
		instance-id) iid=$v ;;
		esac
	done <"$STATE/meta"
elif [ $have_seed -eq 1 ]; then
	warn "seed has no meta-data"
fi

if [ -n "$cfg_host" ]; then
	if lm_is_dnsname "$cfg_host" && [ ${#cfg_host} -le 64 ]; then
		printf '%s' "$cfg_host" >/proc/sys/kernel/hostname || warn "hostname could not be set"
	else
		warn "invalid local-hostname ignored"
	fi
fi
read -r hn </proc/sys/kernel/hostname
echo "$hn" >/etc/hostname
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$hn" >/etc/hosts
log "hostname $hn"

# The instance id is only printed: keep it one token of safe characters.
iid=$(printf '%.128s' "$iid" | tr -c 'A-Za-z0-9._:@+/=-' '_')

# --- 4. network-config -------------------------------------------------------
ip link set dev lo up

tmpn=0
dns=""
search=""

net_reset() {
	id=$1 mac="" matchname="" setname="" dhcp4="" mtu="" addrs="" routes=""
}

# route_add DEV TO VIA METRIC ("-" for missing fields)
route_add() {
	local dev="$1" to="$2" via="$3" metric="$4" fam=-4
	case $to in
	default | 0.0.0.0/0) to=default ;;
	::/0) to=default fam=-6 ;;
	-)
		warn "net $dev: route without to ignored"
		return
		;;
	*)
		if ! lm_is_cidr "$to"; then
			warn "net $dev: invalid route ignored"
			return
		fi
		case $to in *:*) fam=-6 ;; esac
		;;
	esac
	if [ "$via" != "-" ]; then
		if ! lm_is_ip "$via"; then
			warn "net $dev: invalid route via ignored"
			return
		fi
		case $via in *:*) fam=-6 ;; esac
	fi
	set -- "$fam" route add "$to"
	[ "$via" = "-" ] || set -- "$@" via "$via"
	set -- "$@" dev "$dev"
	if [ "$metric" != "-" ]; then
		if lm_is_uint "$metric"; then
			set -- "$@" metric "$metric"
		else
			warn "net $dev: invalid route metric ignored"
		fi
	fi
	ip "$@" </dev/null || warn "net $dev: route $to failed"
}

# Global (non link-local) addresses of DEV, comma separated, or "none".
addr_list() {
	ip -o addr show dev "$1" 2>/dev/null | awk '
		$3 == "inet" || $3 == "inet6" {
			if ($0 ~ / scope (link|host) /) next
			s = s (s == "" ? "" : ",") $4
		}
		END { print (s == "" ? "none" : s) }'
}

net_apply_iface() {
	local dev="" d m lmac a r tmp
	[ -n "$id" ] || return
	if [ -n "$mac" ]; then
		if ! lm_is_mac "$mac"; then
			warn "net $id: invalid macaddress ignored"
			return
		fi
		lmac=$(echo "$mac" | tr 'A-F' 'a-f')
		for d in /sys/class/net/*; do
			[ -r "$d/address" ] || continue
			read -r m <"$d/address"
			if [ "$m" = "$lmac" ]; then
				dev=${d##*/}
				break
			fi
		done
	else
		m=${matchname:-$id}
		if lm_is_ifname "$m" && [ -e "/sys/class/net/$m" ]; then
			dev=$m
		fi
	fi
	if [ -z "$dev" ]; then
		warn "net $id: no interface with mac ${mac:-?} (name ${matchname:-$id})"
		return
	fi

	if [ -n "$setname" ] && [ "$setname" != "$dev" ]; then
		if ! lm_is_ifname "$setname"; then
			warn "net $dev: invalid set-name ignored"
		else
			if [ -e "/sys/class/net/$setname" ]; then
				# Name taken by another NIC (e.g. two NICs swap names):
				# move it aside; its own entry finds it again by MAC.
				tmp=lmtmp$tmpn
				tmpn=$((tmpn + 1))
				ip link set dev "$setname" down
				ip link set dev "$setname" name "$tmp"
			fi
			ip link set dev "$dev" down
			if ip link set dev "$dev" name "$setname"; then
				dev=$setname
			else
				warn "net $dev: rename to $setname failed"
			fi
		fi
	fi

	if [ -n "$mtu" ]; then
		if lm_is_uint "$mtu"; then
			ip link set dev "$dev" mtu "$mtu" || warn "net $dev: mtu $mtu failed"
		else
			warn "net $dev: invalid mtu ignored"
		fi
	fi
	# Addresses are assigned by the host: skip IPv6 duplicate address
	# detection so that they are usable at once.
	if [ -w "/proc/sys/net/ipv6/conf/$dev/accept_dad" ]; then
		echo 0 >"/proc/sys/net/ipv6/conf/$dev/accept_dad"
		echo 0 >"/proc/sys/net/ipv6/conf/$dev/dad_transmits"
	fi
	ip link set dev "$dev" up || warn "net $dev: link up failed"

	for a in $addrs; do
		case $a in
		*:*) ip -6 addr add "$a" dev "$dev" ;;
		*) ip -4 addr add "$a" dev "$dev" ;;
		esac </dev/null || warn "net $dev: address $a failed"
	done
	# Entries are TO|VIA|METRIC of address characters only (checked when
	# read), so splitting them into three arguments is safe.
	for r in $routes; do
		# shellcheck disable=SC2046
		route_add "$dev" $(echo "$r" | tr '|' ' ')
	done

	if lm_truthy "$dhcp4"; then
		udhcpc -n -q -t 3 -i "$dev" -s /etc/udhcpc/default.script </dev/null >/dev/null 2>&1 ||
			warn "net $dev: no dhcp lease"
	fi

	read -r m <"/sys/class/net/$dev/address"
	log "net $dev $m $(addr_list "$dev")"
}

: >/etc/resolv.conf
if [ $have_seed -eq 1 ] && [ -r "$SEED/network-config" ]; then
	awk -f /lib/lm/yaml.awk -f /lib/lm/netcfg.awk "$SEED/network-config" >"$STATE/net.plan" 2>/dev/null
	nver=""
	id=""
	while read -r kind a b c rest; do
		case $kind in
		version)
			nver=$a
			[ "$nver" = 2 ] || warn "network-config version $nver not supported"
			continue
			;;
		esac
		[ -z "$nver" ] || [ "$nver" = 2 ] || continue
		case $kind in
		iface) net_reset "$a" ;;
		mac) mac=$a ;;
		matchname) matchname=$a ;;
		setname) setname=$a ;;
		dhcp4) dhcp4=$a ;;
		dhcp6) lm_truthy "$a" && warn "net $id: dhcp6 not supported" ;;
		mtu) mtu=$a ;;
		addr)
			if lm_is_cidr "$a"; then
				addrs="$addrs $a"
			else
				warn "net $id: invalid address ignored"
			fi
			;;
		route)
			# Only address characters here (so the list splits safely and
			# holds no glob characters); route_add checks each field.
			case "$a$b$c" in
			*[!0-9A-Za-z:./-]*) warn "net $id: invalid route ignored" ;;
			*) routes="$routes $a|$b|$c" ;;
			esac
			;;
		gw4)
			if lm_is_ipv4 "$a"; then routes="$routes default|$a|-"; else warn "net $id: invalid gateway4 ignored"; fi
			;;
		gw6)
			if lm_is_ipv6 "$a"; then routes="$routes ::/0|$a|-"; else warn "net $id: invalid gateway6 ignored"; fi
			;;
		ns)
			if lm_is_ip "$a"; then dns="$dns $a"; else warn "net $id: invalid nameserver ignored"; fi
			;;
		search)
			if lm_is_dnsname "$a"; then search="$search $a"; else warn "net $id: invalid search domain ignored"; fi
			;;
		end)
			net_apply_iface
			id=""
			;;
		esac
	done <"$STATE/net.plan"

	# Static nameservers first, then any that DHCP leases appended.
	if [ -n "$dns$search" ]; then
		{
			[ -z "$search" ] || echo "search$search"
			for a in $dns; do echo "nameserver $a"; done
			grep '^nameserver ' /etc/resolv.conf 2>/dev/null
		} >"$STATE/resolv.conf"
		mv "$STATE/resolv.conf" /etc/resolv.conf
	fi
	if [ -s /etc/resolv.conf ]; then
		log "dns $(awk '$1 == "nameserver" { printf "%s%s", s, $2; s = "," }' /etc/resolv.conf)"
	fi
fi

# --- 5. root volume ----------------------------------------------------------
root=""
rootmode=rw
while read -r w; do
	case $w in
	root=*) root=${w#root=} ;;
	ro) rootmode=ro ;;
	rw) rootmode=rw ;;
	esac
done <<EOF
$(awk -f /lib/lm/cmdline.awk /proc/cmdline)
EOF

if [ -n "$root" ]; then
	case $root in
	/dev/*/../* | /dev/../* | *[!A-Za-z0-9/_.:-]*) warn "root $root not supported" ;;
	/dev/?*)
		i=0
		while [ ! -b "$root" ] && [ $i -lt 10 ]; do
			usleep 100000
			i=$((i + 1))
		done
		if [ ! -b "$root" ]; then
			warn "root $root missing"
		elif mount -o "$rootmode" "$root" "$ROOTMNT"; then
			log "root $root mounted"
			if [ -f "$ROOTMNT/liquidmetal-root" ]; then
				while IFS= read -r line || [ -n "$line" ]; do
					log "liquidmetal-root $line"
				done <"$ROOTMNT/liquidmetal-root"
			fi
		else
			warn "root $root mount failed"
		fi
		;;
	*) warn "root $root not supported" ;;
	esac
fi

# --- 7. ready ----------------------------------------------------------------
read -r up _ </proc/uptime
log "uptime $up"
echo "liquidmetal-ready instance-id=$iid hostname=$hn"

# Stay alive forever; `wait` also reaps orphans re-parented to PID 1.
trap '' HUP INT QUIT TERM USR1 USR2
while :; do
	sleep 86400 &
	wait
done
