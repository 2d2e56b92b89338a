#!/usr/bin/env bash
# Installs what Liquid Metal needs on a fresh Debian 12 machine, idempotently and quickly when done before:
# Debian packages, the development guest (kernel + initramfs, built from Debian packages), NuGet restore, build.
set -euo pipefail
cd "$(dirname "$0")/.."

GUEST_DIR=${LM_GUEST_DIR:-/var/cache/liquidmetal/guest}
CLOUDINIT_GUEST_DIR=${LM_GUEST_CLOUDINIT_DIR:-/var/cache/liquidmetal/guest-cloudinit}
PACKAGES=(qemu-system-x86 qemu-utils busybox-static cpio e2fsprogs dosfstools mtools genisoimage iproute2 openssl procps docker-registry skopeo umoci apache2-utils git cloud-init mmdebstrap nghttp2-client)
# kubectl (the kubeconfig tests): Debian's kubernetes-client, unless a kubectl is there already (another package,
# e.g. Google Cloud's kubectl, may own /usr/bin/kubectl, and dpkg would refuse to overwrite it).
command -v kubectl >/dev/null || PACKAGES+=(kubernetes-client)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "error: setup needs root (it installs Debian packages and creates network devices); run with sudo" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
installing_cloud_init=false
if [[ " ${missing[*]} " == *" cloud-init "* ]]; then
  # cloud-init is here for its schema checker and jinja renderer (the bootstrap tests), never to configure this host:
  # disabled before it is installed, so neither its package hooks nor a later boot run it. A cloud-init that was
  # already installed (a cloud VM's own) is left as it is.
  installing_cloud_init=true
  mkdir -p /etc/cloud && touch /etc/cloud/cloud-init.disabled
fi
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing Debian packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if $installing_cloud_init && { [ ! -f /etc/cloud/cloud-init.disabled ] || [ -e /var/lib/cloud/instance ]; }; then
  echo "error: cloud-init must stay disabled on this host, but /etc/cloud/cloud-init.disabled is gone or it has run (/var/lib/cloud/instance)" >&2
  exit 1
fi

if ! command -v dotnet >/dev/null; then
  echo "error: the .NET 10 SDK is not installed (dotnet not on PATH); install it first" >&2
  exit 1
fi

# The unprivileged user QEMU drops to after opening its devices and files.
if ! id lm-vmm >/dev/null 2>&1; then
  log "Creating system user lm-vmm for VMM processes"
  useradd --system --no-create-home --shell /usr/sbin/nologin --groups kvm lm-vmm 2>/dev/null \
    || useradd --system --no-create-home --shell /usr/sbin/nologin lm-vmm
fi

log "Building the development guest into $GUEST_DIR"
bash guest/build.sh "$GUEST_DIR"

log "Building the Debian cloud-init test guest into $CLOUDINIT_GUEST_DIR"
bash guest/debian-cloudinit/build.sh "$CLOUDINIT_GUEST_DIR"

log "Restoring and building the solution"
dotnet build LiquidMetal.slnx -c Release -nologo -clp:ErrorsOnly -v:q

log "Publishing the agent as a Native AOT binary (artifacts/agent)"
bash scripts/publish-agent.sh

log "Publishing the controller as a Native AOT binary (artifacts/controller)"
bash scripts/publish-controller.sh

# Commands on PATH for people: lm from this clone's Release build, the agent and the controller as deployed (Native AOT).
printf '#!/bin/sh\nexec dotnet "%s" "$@"\n' "$(pwd)/src/LiquidMetal.Cli/bin/Release/net10.0/lm.dll" >/usr/local/bin/lm
printf '#!/bin/sh\nexec "%s" "$@"\n' "$(pwd)/artifacts/agent/liquidmetal-agent" >/usr/local/bin/liquidmetal-agent
printf '#!/bin/sh\nexec "%s" "$@"\n' "$(pwd)/artifacts/controller/liquidmetal-controller" >/usr/local/bin/liquidmetal-controller
chmod 755 /usr/local/bin/lm /usr/local/bin/liquidmetal-agent /usr/local/bin/liquidmetal-controller
