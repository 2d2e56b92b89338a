#!/bin/bash
# Builds the production node OS image and kernel image as OCI images (see docs/images.md):
#   node    one layer: Debian 12 root file system (mmdebstrap) with systemd, cloud-init (NoCloud),
#           containerd, runc, kubeadm/kubelet/kubectl from pkgs.k8s.io for one minor release, the
#           kernel's modules, the modules/sysctls kubeadm needs, the readiness marker unit
#   kernel  one layer: /boot/vmlinuz (Debian cloud kernel), /boot/initrd.img (busybox + virtio modules)
# Usage:
#   scripts/build-node-images.sh --kubernetes v1.31 [--out DIR] [--push REGISTRY/REPO] [--insecure-registry]
#   scripts/build-node-images.sh --no-kubernetes ...      (same image without the Kubernetes packages)
# Writes DIR/oci (an OCI layout with tags node:TAG, kernel:TAG), DIR/node-packages.txt, DIR/references.txt.
# With --push, copies both to REGISTRY/REPO/node:TAG and REGISTRY/REPO/kernel:TAG (skopeo copy) and prints
# the MachineTemplate fields that reference them. Needs root (mmdebstrap, chroot, mknod).
# Environment: LM_DEBIAN_SOURCES = apt sources file for Debian (default: this machine's Debian sources).
set -euo pipefail

die() { echo "build-node-images.sh: error: $*" >&2; exit 1; }
note() { echo "build-node-images.sh: $*" >&2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GUEST=$HERE/guest/debian-cloudinit
SUITE=bookworm
KERNEL_META=linux-image-cloud-amd64
INITRD_MODULES="virtio_mmio virtio_blk"
# A node: init, device manager, cloud-init and what it calls, ACPI power button, container runtime,
# and what kubeadm's preflight checks and the kubelet call (iptables, conntrack, socat, ethtool, ...).
INCLUDE=systemd,systemd-sysv,udev,kmod,cloud-init,acpid,iproute2,ca-certificates,containerd,runc,iptables,conntrack,socat,ethtool,ebtables,ipset,curl,gnupg,apt-transport-https
MASK=(apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service
	fstrim.timer getty@tty1.service getty-static.service systemd-pstore.service)

K8S_MINOR='' NO_K8S=0 OUT='' PUSH='' INSECURE=0
while [ $# -gt 0 ]; do
	case $1 in
	--kubernetes) [ $# -ge 2 ] || die "--kubernetes needs a minor release (e.g. v1.31)"; K8S_MINOR=$2; shift 2 ;;
	--kubernetes=*) K8S_MINOR=${1#*=}; shift ;;
	--no-kubernetes) NO_K8S=1; shift ;;
	--out) [ $# -ge 2 ] || die "--out needs a directory"; OUT=$2; shift 2 ;;
	--push) [ $# -ge 2 ] || die "--push needs REGISTRY/REPO"; PUSH=$2; shift 2 ;;
	--insecure-registry) INSECURE=1; shift ;;
	-h | --help) sed -n '2,13p' "$0"; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done

# All argument errors at once.
errors=()
if [ "$NO_K8S" -eq 1 ] && [ -n "$K8S_MINOR" ]; then errors+=("give either --kubernetes or --no-kubernetes, not both"); fi
if [ "$NO_K8S" -eq 0 ] && [ -z "$K8S_MINOR" ]; then errors+=("--kubernetes vMAJOR.MINOR (e.g. v1.31) or --no-kubernetes is required"); fi
if [ -n "$K8S_MINOR" ] && ! [[ $K8S_MINOR =~ ^v1\.[0-9]{1,3}$ ]]; then errors+=("--kubernetes '$K8S_MINOR' is not a minor release like v1.31"); fi
if [ -n "$PUSH" ] && ! [[ $PUSH =~ ^[A-Za-z0-9.-]+(:[0-9]+)?(/[a-z0-9._-]+)+$ ]]; then errors+=("--push '$PUSH' is not REGISTRY[:PORT]/REPO"); fi
[ "$(id -u)" -eq 0 ] || errors+=("must run as root (mmdebstrap, chroot, mknod)")
missing=()
for t in mmdebstrap umoci skopeo cpio apt-get dpkg-deb curl mknod; do command -v "$t" >/dev/null || missing+=("$t"); done
[ -x /bin/busybox ] && dpkg-query -W busybox-static >/dev/null 2>&1 || missing+=("busybox-static")
[ ${#missing[@]} -eq 0 ] || errors+=("missing tools: ${missing[*]} (apt-get install mmdebstrap umoci skopeo cpio curl busybox-static)")
for f in initramfs-init.sh rootfs/etc/systemd/system/lm-report-ready.service rootfs/usr/local/lib/liquidmetal/report-ready \
	rootfs/etc/cloud/cloud.cfg.d/90-liquidmetal.cfg rootfs/etc/acpi/events/liquidmetal-power rootfs/etc/fstab; do
	[ -r "$GUEST/$f" ] || errors+=("missing $GUEST/$f (run from a Liquid Metal checkout)")
done
if [ ${#errors[@]} -gt 0 ]; then
	printf 'build-node-images.sh: error: %s\n' "${errors[@]}" >&2
	exit 2
fi

K8S_REPO=''
if [ "$NO_K8S" -eq 0 ]; then
	K8S_REPO=https://pkgs.k8s.io/core:/stable:/$K8S_MINOR/deb/
	curl -fsS --max-time 20 -o /dev/null "${K8S_REPO}Release.key" 2>/dev/null ||
		die "cannot reach ${K8S_REPO}Release.key: this machine needs HTTPS to pkgs.k8s.io (and the minor release must exist); --no-kubernetes builds without the Kubernetes packages"
fi

OUT=$(realpath -m -- "${OUT:-./node-images}")
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/lm-node-images.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM HUP

# --- Debian sources (as guest/debian-cloudinit/build.sh) ------------------------------------
if [ -n "${LM_DEBIAN_SOURCES:-}" ]; then
	[ -r "$LM_DEBIAN_SOURCES" ] || die "LM_DEBIAN_SOURCES=$LM_DEBIAN_SOURCES is not readable"
	src=$LM_DEBIAN_SOURCES
elif [ -r /etc/apt/sources.list.d/debian.sources ]; then
	src=/etc/apt/sources.list.d/debian.sources
elif grep -Eqs "^deb .*/debian(-security)?/? +$SUITE" /etc/apt/sources.list; then
	grep -E "^deb .*/debian(-security)?/? +$SUITE" /etc/apt/sources.list >"$WORK/src.list"
	src=$WORK/src.list
else
	die "no Debian apt sources found on this machine: set LM_DEBIAN_SOURCES to an apt sources file for $SUITE"
fi
# mmdebstrap pastes a file MIRROR into the chroot's apt sources; the name tells apt its format.
if grep -qi '^Types:' "$src"; then MIRROR=$WORK/debian.sources; else MIRROR=$WORK/debian.list; fi
cp "$src" "$MIRROR"

# --- kernel ------------------------------------------------------------------------------------
dep=$(apt-cache show --no-all-versions "$KERNEL_META" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 || true)
[ -n "$dep" ] || { note "apt-cache knows no $KERNEL_META: apt-get update"; apt-get update -q >&2; \
	dep=$(apt-cache show --no-all-versions "$KERNEL_META" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 || true); }
KPKG=$(grep -o 'linux-image-[^ ,(|]*' <<<"$dep" | head -n1 || true)
[ -n "$KPKG" ] || die "cannot find the kernel package $KERNEL_META depends on (Debian's mirror unreachable?)"
note "downloading $KPKG"
(cd "$WORK" && apt-get download -q -o APT::Sandbox::User=root "$KPKG" >&2) || die "cannot download $KPKG from Debian's mirror"
dpkg-deb -x "$WORK/${KPKG}"_*.deb "$WORK/kernel"
KREL=$(ls "$WORK/kernel/lib/modules")
[ "$(wc -w <<<"$KREL")" -eq 1 ] || die "expected one kernel in $KPKG, got: $KREL"

# --- node root file system ------------------------------------------------------------------------
# Hooks run on the host with the chroot as $1; mmdebstrap has mounted /proc, /sys, /dev and copied
# the host's resolv.conf in.
cat >"$WORK/customize.sh" <<'EOF'
#!/bin/bash
set -euo pipefail
root=$1
# Kernel modules (overlay, br_netfilter, virtio_net, isofs ...) from the kernel image's package.
mkdir -p "$root/usr/lib/modules"
cp -a "$LM_WORK/kernel/lib/modules/$LM_KREL" "$root/usr/lib/modules/$LM_KREL"
chroot "$root" depmod "$LM_KREL"
# What the initramfs loads for a virtio-blk root, dependencies first ("insmod PATH" / "builtin NAME").
chroot "$root" modprobe -a --show-depends -S "$LM_KREL" $LM_INITRD_MODULES | awk '{ print $1, $2 }' >"$LM_WORK/initrd-modules"
# The test guest's files, except its kubeadm stand-in: NoCloud, readiness marker, ACPI power button, fstab.
cp -r --no-preserve=ownership "$LM_GUEST/rootfs/." "$root/"
rm -f "$root/usr/local/bin/kubeadm"
# What kubeadm needs of the node (the bootstrap writes the same files; here they hold from first boot).
printf 'overlay\nbr_netfilter\n' >"$root/etc/modules-load.d/kubernetes.conf"
printf 'net.bridge.bridge-nf-call-iptables = 1\nnet.bridge.bridge-nf-call-ip6tables = 1\nnet.ipv4.ip_forward = 1\n' \
	>"$root/etc/sysctl.d/99-kubernetes.conf"
mkdir -p "$root/etc/containerd"
chroot "$root" containerd config default >"$root/etc/containerd/config.toml"
sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' "$root/etc/containerd/config.toml"
printf 'runtime-endpoint: unix:///run/containerd/containerd.sock\nimage-endpoint: unix:///run/containerd/containerd.sock\n' \
	>"$root/etc/crictl.yaml"
if [ -n "$LM_K8S_REPO" ]; then
	mkdir -p "$root/etc/apt/keyrings"
	curl -fsS --max-time 60 -o "$root/etc/apt/keyrings/kubernetes-apt-keyring.asc" "${LM_K8S_REPO}Release.key"
	echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.asc] $LM_K8S_REPO /" >"$root/etc/apt/sources.list.d/kubernetes.list"
	chroot "$root" apt-get update -q
	DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -q --no-install-recommends kubelet kubeadm kubectl cri-tools kubernetes-cni
	chroot "$root" apt-mark hold kubelet kubeadm kubectl
	chroot "$root" systemctl enable kubelet.service
	chroot "$root" apt-get clean
fi
chroot "$root" systemctl enable lm-report-ready.service systemd-networkd.service containerd.service
for a in $LM_MASK; do ln -sfn /dev/null "$root/etc/systemd/system/$a"; done
rm -f "$root/etc/systemd/system/timers.target.wants/"*.timer
sed -i 's/^# *\(en_US.UTF-8 UTF-8\)/\1/' "$root/etc/locale.gen" 2>/dev/null && chroot "$root" locale-gen >/dev/null || true
echo LANG=en_US.UTF-8 >"$root/etc/default/locale"
echo uninitialized >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
echo localhost >"$root/etc/hostname"
rm -rf "$root/var/lib/cloud" "$root/var/cache/apt/"*.bin "$root/var/lib/apt/lists/"*_*
chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' | LC_ALL=C sort >"$LM_WORK/packages.txt"
EOF
chmod +x "$WORK/customize.sh"
note "mmdebstrap $SUITE (+ $INCLUDE)${K8S_REPO:+ + kubelet kubeadm kubectl from $K8S_REPO}"
LM_WORK=$WORK LM_KREL=$KREL LM_GUEST=$GUEST LM_K8S_REPO=$K8S_REPO LM_MASK="${MASK[*]}" LM_INITRD_MODULES="$INITRD_MODULES" \
	mmdebstrap --variant=minbase --format=tar --include="$INCLUDE,locales" \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt=force-unsafe-io \
	--customize-hook="$WORK/customize.sh \"\$1\"" \
	"$SUITE" "$WORK/node.tar" "$MIRROR" >"$WORK/mmdebstrap.log" 2>&1 ||
	{ tail -n 40 "$WORK/mmdebstrap.log" >&2; die "mmdebstrap failed (log above)"; }
cp "$WORK/packages.txt" "$OUT/node-packages.txt"

# --- kernel layer: /boot/vmlinuz, /boot/initrd.img ----------------------------------------------------
a=$WORK/initramfs
mkdir -p "$a/bin" "$a/dev" "$a/proc" "$a/sys" "$a/newroot" "$a/lib/modules/$KREL"
install -m 0755 /bin/busybox "$a/bin/busybox"
for m in $(/bin/busybox --list); do [ "$m" = busybox ] || ln -s busybox "$a/bin/$m"; done
mknod -m 0600 "$a/dev/console" c 5 1
: >"$a/lib/modules/$KREL/load-order"
while read -r mode m; do
	[ "$mode" = insmod ] || continue
	m=${m#/usr}
	m=${m#"/lib/modules/$KREL/"}
	grep -qxF "$m" "$a/lib/modules/$KREL/load-order" && continue
	install -D -m 0644 "$WORK/kernel/lib/modules/$KREL/$m" "$a/lib/modules/$KREL/$m"
	echo "$m" >>"$a/lib/modules/$KREL/load-order"
done <"$WORK/initrd-modules"
[ -s "$a/lib/modules/$KREL/load-order" ] || die "no modules resolved for $INITRD_MODULES in $KPKG"
install -m 0755 "$GUEST/initramfs-init.sh" "$a/init"
mkdir -p "$WORK/kimg/boot"
(cd "$a" && find . -mindepth 1 -print0 | LC_ALL=C sort -z | cpio --null --create --format=newc --owner=0:0 --quiet) \
	>"$WORK/kimg/boot/initrd.img"
install -m 0644 "$WORK/kernel/boot/vmlinuz-$KREL" "$WORK/kimg/boot/vmlinuz"
tar -C "$WORK/kimg" --numeric-owner --owner=0 --group=0 -cf "$WORK/kernel.tar" boot

# --- OCI layout -------------------------------------------------------------------------------------
K8S_VERSION=$(sed -n 's/^kubeadm \([0-9.]*\).*/\1/p' "$OUT/node-packages.txt")
STAMP=$(date -u +%Y%m%d)
NODE_TAG=${K8S_VERSION:+v$K8S_VERSION-}debian12-$STAMP
[ -n "$K8S_VERSION" ] || NODE_TAG=nokube-debian12-$STAMP
KERNEL_TAG=$(sed 's/[^A-Za-z0-9_.-]/_/g' <<<"$KREL")-$STAMP
LAYOUT=$OUT/oci
rm -rf "$LAYOUT"
umoci init --layout "$LAYOUT"
pack() { # tag tarball label...
	local tag=$1 tarball=$2 l
	shift 2
	umoci new --image "$LAYOUT:$tag"
	umoci raw add-layer --image "$LAYOUT:$tag" "$tarball"
	local args=(--os=linux --architecture=amd64 --author="Liquid Metal scripts/build-node-images.sh")
	for l in "$@"; do args+=(--config.label="$l"); done
	umoci config --image "$LAYOUT:$tag" "${args[@]}"
}
note "packing OCI images into $LAYOUT"
pack "node:$NODE_TAG" "$WORK/node.tar" "dev.liquidmetal.kernel-release=$KREL" \
	"dev.liquidmetal.kubernetes=${K8S_VERSION:-none}" "org.opencontainers.image.base.name=debian:$SUITE"
pack "kernel:$KERNEL_TAG" "$WORK/kernel.tar" "dev.liquidmetal.kernel-release=$KREL" "dev.liquidmetal.kernel-package=$KPKG"
umoci gc --layout "$LAYOUT"

NODE_REF=oci:$LAYOUT:node:$NODE_TAG KERNEL_REF=oci:$LAYOUT:kernel:$KERNEL_TAG
if [ -n "$PUSH" ]; then
	tls=()
	[ "$INSECURE" -eq 0 ] || tls=(--dest-tls-verify=false)
	NODE_REF=$PUSH/node:$NODE_TAG KERNEL_REF=$PUSH/kernel:$KERNEL_TAG
	note "pushing $NODE_REF and $KERNEL_REF"
	skopeo copy -q "${tls[@]}" "oci:$LAYOUT:node:$NODE_TAG" "docker://$NODE_REF" ||
		die "skopeo copy to $NODE_REF failed (registry reachable? logged in with skopeo login? plain HTTP needs --insecure-registry)"
	skopeo copy -q "${tls[@]}" "oci:$LAYOUT:kernel:$KERNEL_TAG" "docker://$KERNEL_REF" ||
		die "skopeo copy to $KERNEL_REF failed"
fi
cat <<EOF | tee "$OUT/references.txt"
# MachineTemplate fields (kernel $KREL, Kubernetes ${K8S_VERSION:-none}):
  kernel: { image: $KERNEL_REF, filename: boot/vmlinuz, cmdline: { console: ttyS0 } }
  initrd: { image: $KERNEL_REF, filename: boot/initrd.img }
  rootVolume: { image: $NODE_REF, sizeMiB: 8192 }
EOF
note "done in ${SECONDS}s"
