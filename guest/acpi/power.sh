#!/bin/sh
# Power button handler (busybox acpid): unmount and power off at once.
exec >/dev/console 2>&1 </dev/null
echo "lm-init: powerdown"
sync
grep -q ' /run/seed ' /proc/mounts && umount /run/seed
if grep -q ' /mnt/root ' /proc/mounts; then
	umount /mnt/root 2>/dev/null || mount -o remount,ro /mnt/root
fi
sync
poweroff -f
