#!/bin/bash
# Builds the Liquid Metal development guest into OUTDIR:
#   vmlinuz          Debian cloud kernel (the package linux-image-cloud-amd64 depends on)
#   initrd.img       newc cpio initramfs: busybox-static, modules, /init (init.sh)
#   rootfs.ext4      16 MiB ext4 root volume holding /liquidmetal-root
#   broken-init.img  initramfs whose /init exits at once (kernel panics)
#   broken-kernel    random bytes (QEMU refuses to load it)
#   VERSION          kernel package + version, busybox version, hash of guest/ sources
# A cache: does nothing (well under 1 s) when OUTDIR/VERSION matches what it
# would build. Builds in OUTDIR.tmp and renames it into place.
# Usage: guest/build.sh OUTDIR      (see guest/README.md)
set -euo pipefail

die() { echo "guest/build.sh: $*" >&2; exit 1; }
note() { echo "guest/build.sh: $*" >&2; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: $0 OUTDIR"
OUTDIR=$(realpath -m -- "$1")
GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Kernel modules for the initramfs, loaded by /init in dependency order.
MODULES="virtio_mmio virtio_blk virtio_net vfat nls_cp437 nls_ascii nls_utf8 nls_iso8859-1 isofs button evdev"
# Compression of the initramfs images: "none" or "gzip" (none boots faster
# under TCG, see README.md).
INITRD_COMPRESSION=none
ROOT_LINE="liquidmetal test root volume"
ROOTFS_SIZE=16M
KERNEL_META=linux-image-cloud-amd64
PACKAGES=(qemu-system-x86 qemu-utils busybox-static cpio e2fsprogs dosfstools mtools genisoimage iproute2)
ARTIFACTS=(vmlinuz initrd.img rootfs.ext4 broken-init.img broken-kernel VERSION)

# --- host packages -----------------------------------------------------------
ensure_packages() {
	local missing=() p pkg st1 st2 st3 ver
	declare -A ok=()
	BBVER=""
	while read -r pkg st1 st2 st3 ver; do
		if [ "$st1 $st2 $st3" = "install ok installed" ]; then
			ok[$pkg]=1
			[ "$pkg" != busybox-static ] || BBVER=$ver
		fi
	done < <(dpkg-query -W -f='${Package} ${Status} ${Version}\n' "${PACKAGES[@]}" 2>/dev/null || true)
	for p in "${PACKAGES[@]}"; do
		[ -n "${ok[$p]:-}" ] || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}) and not root"
	note "installing ${missing[*]}"
	apt-get update -q >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
	BBVER=$(dpkg-query -W -f='${Version}' busybox-static)
}

# --- what would be built -------------------------------------------------------
# Hash of the guest sources: every file under guest/ except docs, tests and the cloud-init guest.
sources_hash() {
	(cd "$GUEST_DIR" &&
		find . -type f ! -name '*.md' ! -path './test/*' ! -path './debian-cloudinit/*' -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum) | sha256sum | cut -d' ' -f1
}

# apt-cache takes about a second here (no pkgcache): it runs only when the
# apt package lists changed since the last build (or check).
apt_lists_stamp() {
	stat -c '%n %s %Y' /var/lib/apt/lists/*_Packages* 2>/dev/null | sha256sum | cut -d' ' -f1
}

resolve_kernel() {
	local dep
	dep=$(apt-cache show --no-all-versions "$KERNEL_META" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 || true)
	if [ -z "$dep" ]; then
		[ "$(id -u)" -eq 0 ] || die "apt-cache knows no $KERNEL_META (run apt-get update)"
		note "apt-cache knows no $KERNEL_META: apt-get update"
		apt-get update -q >&2
		dep=$(apt-cache show --no-all-versions "$KERNEL_META" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 || true)
	fi
	KPKG=$(grep -o 'linux-image-[^ ,(|]*' <<<"$dep" | head -n1 || true)
	[ -n "$KPKG" ] || die "cannot find the kernel package $KERNEL_META depends on (Depends: $dep)"
	KVER=$(sed -n "s/.*$KPKG (= \([^)]*\)).*/\1/p" <<<"$dep")
	if [ -z "$KVER" ]; then
		KVER=$(apt-cache show --no-all-versions "$KPKG" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
	fi
	[ -n "$KVER" ] || die "no version for $KPKG"
}

version_text() {
	cat <<EOF
kernel-package: $KPKG
kernel-version: $KVER
busybox-static: $BBVER
guest-sources-sha256: $SRCHASH
initrd-compression: $INITRD_COMPRESSION
EOF
}

# Field of OUTDIR/VERSION.
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

# Up to date without asking apt: same sources, same busybox, apt lists
# unchanged since the build (so the same kernel candidate).
fast_up_to_date() {
	artifacts_present &&
		[ "$(version_field guest-sources-sha256)" = "$SRCHASH" ] &&
		[ "$(version_field busybox-static)" = "$BBVER" ] &&
		[ "$(version_field initrd-compression)" = "$INITRD_COMPRESSION" ] &&
		[ "$(<"$OUTDIR/.apt-lists-stamp")" = "$APTSTAMP" ]
}

# --- building ------------------------------------------------------------------
make_cpio() { # DIR OUTFILE
	(cd "$1" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null --create --format=newc --owner=0:0 --quiet) >"$2.cpio"
	case $INITRD_COMPRESSION in
	none) mv "$2.cpio" "$2" ;;
	gzip) gzip -9 -n -c "$2.cpio" >"$2" && rm -f "$2.cpio" ;;
	*) die "unknown INITRD_COMPRESSION $INITRD_COMPRESSION" ;;
	esac
}

# Skeleton with busybox and its applet links; /sbin and /usr/* link to /bin.
make_busybox_root() { # DIR
	local r=$1 a
	mkdir -p "$r/bin" "$r/dev" "$r/etc" "$r/proc" "$r/sys" "$r/run" "$r/tmp" "$r/root" "$r/usr"
	ln -s bin "$r/sbin"
	ln -s ../bin "$r/usr/bin"
	ln -s ../bin "$r/usr/sbin"
	install -m 0755 "$BUSYBOX" "$r/bin/busybox"
	for a in $("$BUSYBOX" --list); do
		[ "$a" = busybox ] || [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"
	done
	# The kernel opens /dev/console for init before /init can mount
	# devtmpfs; without the node (mknod needs root) /init reopens it later.
	mknod -m 0600 "$r/dev/console" c 5 1 2>/dev/null || true
}

build() {
	local work tmp kroot krel mdir r order
	tmp=$OUTDIR.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/lm-guest-build.XXXXXX")
	trap 'rm -rf "$WORK"' EXIT
	trap 'exit 130' INT TERM HUP
	work=$WORK

	note "downloading $KPKG=$KVER"
	if ! (cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$KPKG=$KVER" >&2); then
		# Stale package lists name a kernel the mirror no longer has.
		[ "$(id -u)" -eq 0 ] || die "cannot download $KPKG=$KVER (run apt-get update)"
		note "download failed: apt-get update and retry"
		apt-get update -q >&2
		APTSTAMP=$(apt_lists_stamp)
		resolve_kernel
		(cd "$work" && apt-get download -q -o APT::Sandbox::User=root "$KPKG=$KVER" >&2)
	fi
	kroot=$work/kroot
	dpkg-deb -x "$work"/"${KPKG}"_*.deb "$kroot"
	krel=$(ls "$kroot/lib/modules")
	[ "$(wc -w <<<"$krel")" -eq 1 ] || die "expected one kernel in $KPKG, got: $krel"
	mdir=$kroot/lib/modules/$krel
	install -m 0644 "$kroot/boot/vmlinuz-$krel" "$tmp/vmlinuz"

	# The package ships no modules.dep (depmod runs at install): make one.
	"$BUSYBOX" depmod -b "$kroot" "$krel"
	order=$("$BUSYBOX" awk -v want="$MODULES" -f "$GUEST_DIR/lib/moddeps.awk" \
		"$mdir/modules.builtin" "$mdir/modules.dep") || die "module resolution failed"

	# initrd.img
	r=$work/initramfs
	make_busybox_root "$r"
	mkdir -p "$r/lib/lm" "$r/lib/modules/$krel" "$r/etc/acpi" "$r/etc/udhcpc" "$r/mnt/root" "$r/var/log"
	: >"$r/lib/modules/$krel/lm-load-order"
	while read -r kind path; do
		case $kind in
		load)
			install -D -m 0644 "$mdir/$path" "$r/lib/modules/$krel/$path"
			echo "$path" >>"$r/lib/modules/$krel/lm-load-order"
			grep "^$path:" "$mdir/modules.dep" >>"$r/lib/modules/$krel/modules.dep"
			;;
		builtin) note "module $path is built into $krel" ;;
		esac
	done <<<"$order"
	install -m 0755 "$GUEST_DIR/init.sh" "$r/init"
	install -m 0644 "$GUEST_DIR"/lib/*.awk "$GUEST_DIR/lib/validate.sh" "$r/lib/lm/"
	rm -f "$r/lib/lm/moddeps.awk"
	install -m 0755 "$GUEST_DIR/udhcpc.script" "$r/etc/udhcpc/default.script"
	install -m 0644 "$GUEST_DIR/acpi/acpid.conf" "$r/etc/acpid.conf"
	install -m 0644 "$GUEST_DIR/acpi/acpi.map" "$r/etc/acpi.map"
	install -m 0755 "$GUEST_DIR/acpi/power.sh" "$r/etc/acpi/power.sh"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$r/etc/passwd"
	printf 'root:x:0:\ntty:x:5:\n' >"$r/etc/group"
	make_cpio "$r" "$tmp/initrd.img"

	# broken-init.img: /init exits 1 -> "Kernel panic - not syncing: Attempted to kill init!"
	r=$work/broken
	make_busybox_root "$r"
	printf '#!/bin/sh\necho "broken-init: exiting"\nexit 1\n' >"$r/init"
	chmod 0755 "$r/init"
	make_cpio "$r" "$tmp/broken-init.img"

	# broken-kernel: QEMU finds no kernel header in it and exits at start.
	head -c 1048576 /dev/urandom >"$tmp/broken-kernel"

	# rootfs.ext4
	mkdir -p "$work/rootfs"
	echo "$ROOT_LINE" >"$work/rootfs/liquidmetal-root"
	truncate -s "$ROOTFS_SIZE" "$tmp/rootfs.ext4"
	mkfs.ext4 -q -F -L lmroot -E root_owner=0:0 -d "$work/rootfs" "$tmp/rootfs.ext4"

	KVER=$(dpkg-deb -f "$work"/"${KPKG}"_*.deb Version)
	version_text >"$tmp/VERSION"
	echo "$APTSTAMP" >"$tmp/.apt-lists-stamp"
	sync -f "$tmp/VERSION" 2>/dev/null || true

	if [ -e "$OUTDIR" ]; then
		rm -rf "$OUTDIR.old"
		mv "$OUTDIR" "$OUTDIR.old"
	fi
	mv "$tmp" "$OUTDIR"
	rm -rf "$OUTDIR.old"
	note "built $OUTDIR ($KPKG $KVER, kernel $krel)"
}

# --- main ----------------------------------------------------------------------
ensure_packages # sets BBVER
SRCHASH=$(sources_hash)
APTSTAMP=$(apt_lists_stamp)

fast_up_to_date && exit 0

mkdir -p "$(dirname "$OUTDIR")"
exec 9>"$OUTDIR.lock"
flock 9
# Another build may have finished while we waited for the lock.
fast_up_to_date && exit 0

resolve_kernel
BUSYBOX=$(dpkg-query -L busybox-static | grep -m1 -E '^(/usr)?/bin/busybox$') || die "no busybox in busybox-static"
if artifacts_present && [ "$(cat "$OUTDIR/VERSION")" = "$(version_text)" ]; then
	echo "$APTSTAMP" >"$OUTDIR/.apt-lists-stamp"
	exit 0
fi
build
