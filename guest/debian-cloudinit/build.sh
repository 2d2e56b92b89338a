#!/bin/bash
# Builds the Debian 12 cloud-init test guest into OUTDIR (see README.md here):
#   vmlinuz       Debian cloud kernel (the package linux-image-cloud-amd64 depends on)
#   initrd.img    uncompressed newc cpio: busybox-static, the virtio modules, /init (initramfs-init.sh)
#   rootfs.ext4   ext4 (label lmroot): Debian bookworm minbase + systemd, udev, cloud-init, acpid,
#                 the kernel's modules, a recording kubeadm stand-in, files from rootfs/
#   packages.txt  every package in the root file system with its version
#   VERSION       what was built from: kernel, cloud-init candidate, sources hash, mirror
# A cache: exits at once when OUTDIR/VERSION matches what it would build. Builds in
# OUTDIR.tmp under a lock (OUTDIR.lock) and renames it into place.
# Usage: guest/debian-cloudinit/build.sh OUTDIR     (scripts/setup.sh: /var/cache/liquidmetal/guest-cloudinit)
# Environment: LM_DEBIAN_SOURCES = an apt sources file (one-line or deb822) for the root file
# system; default: this machine's Debian sources (/etc/apt/sources.list.d/debian.sources, else the
# Debian lines of /etc/apt/sources.list).
set -euo pipefail

die() { echo "debian-cloudinit/build.sh: $*" >&2; exit 1; }
note() { echo "debian-cloudinit/build.sh: $*" >&2; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: $0 OUTDIR"
OUTDIR=$(realpath -m -- "$1")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

SUITE=bookworm
KERNEL_META=linux-image-cloud-amd64
# What the root file system holds besides minbase: an init, device manager, cloud-init and the
# tools it calls, acpid for the ACPI power button (QMP system_powerdown).
INCLUDE=systemd,systemd-sysv,udev,kmod,cloud-init,acpid,iproute2
# Modules the initramfs loads to reach a virtio-blk root (ext4 is built into the cloud kernel).
INITRD_MODULES="virtio_mmio virtio_blk"
ROOTFS_SIZE=1G
MMDEBSTRAP_OPTS=(--variant=minbase
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*'
	--dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*'
	--dpkgopt='path-include=/usr/share/locale/locale.alias' --dpkgopt='path-exclude=/usr/share/lintian/*'
	--dpkgopt=force-unsafe-io)
HOST_PACKAGES=(mmdebstrap busybox-static cpio e2fsprogs)
ARTIFACTS=(vmlinuz initrd.img rootfs.ext4 packages.txt VERSION)
# Timers and gettys a test node does not need; they cost CPU under TCG.
MASK=(apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service
	fstrim.timer getty@tty1.service getty-static.service serial-getty@ttyS0.service systemd-pstore.service)

# --- host packages -----------------------------------------------------------
ensure_packages() {
	local missing=() p
	for p in "${HOST_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root"
	note "installing ${missing[*]}"
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# --- what would be built -------------------------------------------------------
sources_hash() {
	(cd "$HERE" &&
		find . -type f ! -name '*.md' -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

# The apt sources for the root file system, written to $1.
debian_sources() {
	if [ -n "${LM_DEBIAN_SOURCES:-}" ]; then
		[ -r "$LM_DEBIAN_SOURCES" ] || die "LM_DEBIAN_SOURCES=$LM_DEBIAN_SOURCES is not readable"
		cp "$LM_DEBIAN_SOURCES" "$1"
	elif [ -r /etc/apt/sources.list.d/debian.sources ]; then
		cp /etc/apt/sources.list.d/debian.sources "$1"
	elif [ -r /etc/apt/sources.list ] && grep -Eq "^deb .*/debian(-security)?/? +$SUITE" /etc/apt/sources.list; then
		grep -E "^deb .*/debian(-security)?/? +$SUITE" /etc/apt/sources.list >"$1"
	else
		die "no Debian apt sources found on this machine: set LM_DEBIAN_SOURCES to an apt sources file for $SUITE"
	fi
}

apt_lists_stamp() {
	stat -c '%n %s %Y' /var/lib/apt/lists/*_Packages* 2>/dev/null | sha256sum | cut -d' ' -f1
}

candidate() { apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | head -n 1; }

resolve_versions() {
	local dep
	dep=$(apt-cache show --no-all-versions "$KERNEL_META" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 || true)
	if [ -z "$dep" ]; then
		[ "$(id -u)" -eq 0 ] || die "apt-cache knows no $KERNEL_META (run apt-get update)"
		note "apt-cache knows no $KERNEL_META: apt-get update"
		apt-get update -q >&2
		APTSTAMP=$(apt_lists_stamp)
		dep=$(apt-cache show --no-all-versions "$KERNEL_META" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 || true)
	fi
	KPKG=$(grep -o 'linux-image-[^ ,(|]*' <<<"$dep" | head -n1 || true)
	[ -n "$KPKG" ] || die "cannot find the kernel package $KERNEL_META depends on (Depends: $dep)"
	KVER=$(candidate "$KPKG")
	CIVER=$(candidate cloud-init)
	[ -n "$KVER" ] && [ "$KVER" != "(none)" ] || die "no version of $KPKG in the apt lists"
	[ -n "$CIVER" ] && [ "$CIVER" != "(none)" ] || die "no cloud-init in the apt lists (Debian main)"
}

version_text() {
	cat <<EOF
suite: $SUITE
kernel-package: $KPKG
kernel-version: $KVER
cloud-init-candidate: $CIVER
include: $INCLUDE
sources-sha256: $SRCHASH
mirror-sha256: $MIRRORHASH
EOF
}

version_field() {
	local k v
	[ -r "$OUTDIR/VERSION" ] || return 0
	while IFS=': ' read -r k v; do
		if [ "$k" = "$1" ]; then
			echo "$v"
			return 0
		fi
	done <"$OUTDIR/VERSION"
}

artifacts_present() {
	local f
	for f in "${ARTIFACTS[@]}"; do
		[ -s "$OUTDIR/$f" ] || return 1
	done
}

# Same sources and mirror, apt lists unchanged since the build: no need to ask apt.
fast_up_to_date() {
	artifacts_present &&
		[ "$(version_field sources-sha256)" = "$SRCHASH" ] &&
		[ "$(version_field mirror-sha256)" = "$MIRRORHASH" ] &&
		[ -r "$OUTDIR/.apt-lists-stamp" ] && [ "$(<"$OUTDIR/.apt-lists-stamp")" = "$APTSTAMP" ]
}

# --- building ------------------------------------------------------------------
build() {
	local tmp work root krel busybox a m mode
	tmp=$OUTDIR.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/lm-guest-cloudinit.XXXXXX")
	trap 'rm -rf "$WORK" "$SOURCES"' EXIT
	trap 'exit 130' INT TERM HUP
	work=$WORK
	root=$work/root
	# mmdebstrap pastes a file MIRROR into the chroot's apt sources; the name tells apt its format.
	if grep -qi '^Types:' "$SOURCES"; then
		cp "$SOURCES" "$work/debian.sources"
	else
		cp "$SOURCES" "$work/debian.list"
	fi

	# Root file system: minbase (required priority + apt) and what it needs, without docs, man
	# pages and translations. mmdebstrap's tarball is kept in OUTDIR.base, keyed by what made it, so
	# that a change to our own files rebuilds in seconds.
	base_key=$(printf '%s\n' "$SUITE" "$INCLUDE" "$CIVER" "$MIRRORHASH" "${MMDEBSTRAP_OPTS[@]}" | sha256sum | cut -d' ' -f1)
	if [ ! -f "$OUTDIR.base/base.tar" ] || [ ! -s "$OUTDIR.base/base.tar" ] || [ "$(cat "$OUTDIR.base/KEY" 2>/dev/null)" != "$base_key" ]; then
		note "mmdebstrap $SUITE (+ $INCLUDE)"
		rm -rf "$OUTDIR.base"
		mkdir -p "$OUTDIR.base"
		mmdebstrap "${MMDEBSTRAP_OPTS[@]}" --format=tar --include="$INCLUDE" "$SUITE" "$OUTDIR.base/base.tar.tmp" \
			"$(ls "$work"/debian.sources "$work"/debian.list 2>/dev/null)" >"$work/mmdebstrap.log" 2>&1 ||
			{ tail -n 30 "$work/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
		mv "$OUTDIR.base/base.tar.tmp" "$OUTDIR.base/base.tar"
		echo "$base_key" >"$OUTDIR.base/KEY"
		note "Debian base in ${SECONDS}s"
	fi
	mkdir -p "$root"
	tar -C "$root" --numeric-owner --xattrs --xattrs-include='*' -xpf "$OUTDIR.base/base.tar"

	# Kernel and its modules, from the same package.
	note "downloading $KPKG=$KVER"
	(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$KPKG=$KVER" >&2) ||
		die "cannot download $KPKG=$KVER (apt-get update?)"
	dpkg-deb -x "$work"/"${KPKG}"_*.deb "$work/kernel"
	krel=$(ls "$work/kernel/lib/modules")
	[ "$(wc -w <<<"$krel")" -eq 1 ] || die "expected one kernel in $KPKG, got: $krel"
	install -m 0644 "$work/kernel/boot/vmlinuz-$krel" "$tmp/vmlinuz"
	mkdir -p "$root/usr/lib/modules"
	cp -a "$work/kernel/lib/modules/$krel" "$root/usr/lib/modules/$krel"
	chroot "$root" depmod "$krel"

	# Our files, owned by root; units enabled or masked without booting (systemctl --root).
	cp -r --no-preserve=ownership "$HERE/rootfs/." "$root/"
	[ -x "$root/usr/local/bin/kubeadm" ] || die "the kubeadm stand-in (rootfs/usr/local/bin/kubeadm) is missing from this checkout"
	chroot "$root" systemctl enable --quiet lm-report-ready.service systemd-networkd.service
	for a in "${MASK[@]}"; do
		ln -sfn /dev/null "$root/etc/systemd/system/$a"
	done
	rm -f "$root/etc/systemd/system/timers.target.wants/"*.timer \
		"$root/etc/systemd/system/getty.target.wants/getty@tty1.service" \
		"$root/etc/systemd/system/multi-user.target.wants/e2scrub_reap.service" \
		"$root/etc/systemd/system/sysinit.target.wants/systemd-pstore.service"
	# cloud-init's locale module sets en_US.UTF-8 on Debian: generated here, it has nothing to do at boot.
	sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' "$root/etc/locale.gen"
	chroot "$root" locale-gen >/dev/null
	echo LANG=en_US.UTF-8 >"$root/etc/default/locale"
	# Per-VM identity comes at boot: a fresh machine id (systemd's first boot), the hostname (cloud-init).
	echo uninitialized >"$root/etc/machine-id"
	rm -f "$root/var/lib/dbus/machine-id"
	echo localhost >"$root/etc/hostname"
	: >"$root/etc/resolv.conf"
	rm -rf "$root/var/lib/cloud" "$root/var/log/"*.log "$root/var/cache/apt/"*.bin
	chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' | LC_ALL=C sort >"$tmp/packages.txt"

	# initramfs: busybox, the modules for the root disk in dependency order, /init.
	busybox=$(dpkg-query -L busybox-static | grep -m1 -E '^(/usr)?/bin/busybox$') || die "no busybox in busybox-static"
	a=$work/initramfs
	mkdir -p "$a/bin" "$a/dev" "$a/proc" "$a/sys" "$a/newroot" "$a/lib/modules/$krel"
	install -m 0755 "$busybox" "$a/bin/busybox"
	for m in $("$busybox" --list); do
		[ "$m" = busybox ] || ln -s busybox "$a/bin/$m"
	done
	mknod -m 0600 "$a/dev/console" c 5 1
	: >"$a/lib/modules/$krel/load-order"
	# "insmod /lib/modules/KREL/PATH" lines, dependencies first; "builtin NAME" for built-in ones.
	while read -r mode m; do
		case $mode in
		insmod)
			m=${m#/lib/modules/$krel/}
			m=${m#/usr}
			m=${m#/lib/modules/$krel/}
			grep -qxF "$m" "$a/lib/modules/$krel/load-order" && continue
			install -D -m 0644 "$root/usr/lib/modules/$krel/$m" "$a/lib/modules/$krel/$m"
			echo "$m" >>"$a/lib/modules/$krel/load-order"
			;;
		builtin) ;;
		*) die "unexpected modprobe output: $mode $m" ;;
		esac
	done < <(chroot "$root" modprobe -a --show-depends -S "$krel" $INITRD_MODULES | awk '{ print $1, $2 }')
	[ -s "$a/lib/modules/$krel/load-order" ] || die "no modules resolved for $INITRD_MODULES"
	install -m 0755 "$HERE/initramfs-init.sh" "$a/init"
	(cd "$a" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null --create --format=newc --owner=0:0 --quiet) >"$tmp/initrd.img"

	# ext4 image of the tree (ownership, modes, links and xattrs as in the tree).
	truncate -s "$ROOTFS_SIZE" "$tmp/rootfs.ext4"
	mkfs.ext4 -q -F -L lmroot -d "$root" "$tmp/rootfs.ext4"

	version_text >"$tmp/VERSION"
	echo "$APTSTAMP" >"$tmp/.apt-lists-stamp"
	sync -f "$tmp/VERSION" 2>/dev/null || true

	if [ -e "$OUTDIR" ]; then
		rm -rf "$OUTDIR.old"
		mv "$OUTDIR" "$OUTDIR.old"
	fi
	mv "$tmp" "$OUTDIR"
	rm -rf "$OUTDIR.old"
	note "built $OUTDIR (kernel $krel, cloud-init $(sed -n 's/^cloud-init //p' "$OUTDIR/packages.txt"), ${SECONDS}s)"
}

# --- main ----------------------------------------------------------------------
ensure_packages
SRCHASH=$(sources_hash)
SOURCES=$(mktemp)
trap 'rm -f "$SOURCES"' EXIT
debian_sources "$SOURCES"
MIRRORHASH=$(sha256sum <"$SOURCES" | cut -d' ' -f1)
APTSTAMP=$(apt_lists_stamp)

fast_up_to_date && exit 0

mkdir -p "$(dirname "$OUTDIR")"
exec 9>"$OUTDIR.lock"
flock 9
fast_up_to_date && exit 0

resolve_versions
if artifacts_present && [ "$(cat "$OUTDIR/VERSION")" = "$(version_text)" ]; then
	echo "$APTSTAMP" >"$OUTDIR/.apt-lists-stamp"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || die "building $OUTDIR needs root (mmdebstrap, chroot, mknod)"
build
