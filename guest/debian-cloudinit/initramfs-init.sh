#!/bin/sh
# /init of the Debian cloud-init guest's initramfs (busybox sh): loads the
# virtio modules the root disk needs, mounts root= and hands over to systemd.
# Console lines start with "lm-initramfs: ". On failure it exits, so the
# kernel panics ("Attempted to kill init!") and the VMM exits: the agent then
# reports the boot as failed with these lines in its reason.
PATH=/bin
export PATH

mount -t devtmpfs -o nosuid,mode=0755 devtmpfs /dev
[ -c /dev/console ] && exec </dev/console >/dev/console 2>&1
mount -t proc -o nosuid,nodev,noexec proc /proc
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys

fail() {
	echo "lm-initramfs: error: $*"
	exit 1
}

KREL=$(uname -r)
while read -r m; do
	[ -n "$m" ] || continue
	insmod "/lib/modules/$KREL/$m" || fail "module $m did not load"
done <"/lib/modules/$KREL/load-order"

# The kernel command line has no blanks inside arguments (the agent checks);
# no globbing of its words.
set -f
root='' fstype=ext4 mode=rw flags='' init=/sbin/init
for arg in $(cat /proc/cmdline); do
	case $arg in
	root=*) root=${arg#root=} ;;
	rootfstype=*) fstype=${arg#rootfstype=} ;;
	rootflags=*) flags=${arg#rootflags=} ;;
	ro) mode=ro ;;
	rw) mode=rw ;;
	init=*) init=${arg#init=} ;;
	esac
done
set +f
[ -n "$root" ] || fail "no root= on the kernel command line"

# Up to 10 s for the disk (virtio-blk probes synchronously: normally at once).
i=0
dev=''
while [ $i -lt 100 ]; do
	case $root in
	LABEL=* | UUID=*) dev=$(findfs "$root" 2>/dev/null) ;;
	*) [ -b "$root" ] && dev=$root ;;
	esac
	[ -n "$dev" ] && break
	sleep 0.1
	i=$((i + 1))
done
[ -n "$dev" ] || fail "root device $root not found"

mkdir -p /newroot
mount -t "$fstype" -o "$mode${flags:+,$flags}" "$dev" /newroot || fail "cannot mount $dev ($fstype, $mode)"
[ -x "/newroot$init" ] || [ -L "/newroot$init" ] || fail "no $init on $dev"
echo "lm-initramfs: root $dev mounted $mode, starting $init"

mount --move /dev /newroot/dev
umount /proc /sys
exec switch_root /newroot "$init"
