#!/usr/bin/env bash
# Copies the procfs/sysfs/etc files hostpulse reads into DEST, keeping their paths relative to /,
# so the tree can serve as a collector `root` in tests (like node_exporter's --path.rootfs).
#
# procfs and sysfs files report size 0, so everything is copied with `cat`, never `cp`.
# Files that do not exist or cannot be read (some sysfs attributes return EINVAL on a down link)
# are skipped. Symlinks under /sys/class/* and /sys/block/* are materialised as real directories
# holding copies of the attributes we read, because a fixture tree must not point outside itself.
#
# Usage: scripts/capture-fixture.sh DEST   (DEST is created; existing files are overwritten)
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 DEST" >&2
  exit 2
fi
DEST=$1
SRC=${CAPTURE_SRC:-}   # for testing the script itself against another tree; empty means /
mkdir -p "$DEST"

# copy ABS_PATH [DEST_REL]: cat SRC/ABS_PATH into DEST/(DEST_REL or ABS_PATH); skip on any error.
copy() {
  local src="$SRC$1" rel="${2:-$1}"
  [ -f "$src" ] && [ -r "$src" ] || return 0
  local out="$DEST/${rel#/}"
  mkdir -p "$(dirname "$out")"
  if ! cat "$src" >"$out" 2>/dev/null; then
    rm -f "$out"
  fi
}

# copy_dir_files ABS_DIR DEST_REL_DIR: every regular readable file directly inside ABS_DIR.
copy_dir_files() {
  local dir="$SRC$1" rel="$2" f
  [ -d "$dir" ] || return 0
  for f in "$dir"/*; do
    [ -f "$f" ] || continue
    copy "${f#"$SRC"}" "$rel/$(basename "$f")"
  done
}

# --- /proc -------------------------------------------------------------------------------------
for f in stat meminfo loadavg uptime cpuinfo diskstats mounts vmstat schedstat \
  net/dev net/route net/netstat net/snmp net/snmp6 net/sockstat net/sockstat6 net/softnet_stat \
  sys/fs/file-nr sys/kernel/hostname sys/kernel/osrelease sys/kernel/version \
  sys/kernel/random/entropy_avail sys/kernel/random/poolsize \
  sys/net/netfilter/nf_conntrack_count sys/net/netfilter/nf_conntrack_max \
  1/mounts self/mounts; do
  copy "/proc/$f"
done
for f in "$SRC"/proc/pressure/*; do
  [ -e "$f" ] && copy "${f#"$SRC"}"
done

# --- CPU topology and frequency ------------------------------------------------------------------
for f in online possible present; do
  copy "/sys/devices/system/cpu/$f"
done
for cpu in "$SRC"/sys/devices/system/cpu/cpu[0-9]*; do
  [ -d "$cpu" ] || continue
  rel=${cpu#"$SRC"}
  copy_dir_files "$rel/cpufreq" "$rel/cpufreq"
  copy "$rel/topology/core_id"
  copy "$rel/topology/physical_package_id"
done

# --- hwmon: /sys/class/hwmon/hwmonN -> /sys/devices/.../hwmon/hwmonN ------------------------------
for h in "$SRC"/sys/class/hwmon/*; do
  [ -e "$h" ] || continue
  rel=/sys/class/hwmon/$(basename "$h")
  copy_dir_files "$rel" "$rel"
  # node_exporter derives chip names from the device behind the hwmon entry.
  copy "$rel/device/name" "$rel/device/name"
  copy "$rel/device/uevent" "$rel/device/uevent"
done

# --- thermal zones -------------------------------------------------------------------------------
for z in "$SRC"/sys/class/thermal/thermal_zone*; do
  [ -e "$z" ] || continue
  rel=/sys/class/thermal/$(basename "$z")
  copy "$rel/type"
  copy "$rel/temp"
done

# --- network interfaces --------------------------------------------------------------------------
for n in "$SRC"/sys/class/net/*; do
  [ -e "$n" ] || continue
  rel=/sys/class/net/$(basename "$n")
  copy_dir_files "$rel" "$rel"
  # A `device` link marks a physical NIC (virtual ones have none); keep that fact as a directory.
  if [ -e "$n/device" ]; then
    mkdir -p "$DEST$rel/device"
    copy "$rel/device/uevent" "$rel/device/uevent"
    [ -n "$(ls -A "$DEST$rel/device")" ] || : >"$DEST$rel/device/.keep"
  fi
done

# --- block devices: names, dev (major:minor), and whether a real device backs them ----------------
for b in "$SRC"/sys/block/*; do
  [ -e "$b" ] || continue
  rel=/sys/block/$(basename "$b")
  mkdir -p "$DEST$rel"
  copy "$rel/dev"
  if [ -e "$b/device" ]; then
    mkdir -p "$DEST$rel/device"
    copy "$rel/device/uevent" "$rel/device/uevent"
    # git keeps no empty directories; the marker keeps `device` present in a committed tree.
    [ -n "$(ls -A "$DEST$rel/device")" ] || : >"$DEST$rel/device/.keep"
  fi
done

# --- DMI -----------------------------------------------------------------------------------------
for f in sys_vendor product_name product_serial product_version board_vendor bios_vendor; do
  copy "/sys/class/dmi/id/$f"
done

# --- /etc ----------------------------------------------------------------------------------------
copy /etc/os-release
copy /etc/hostname
# /etc/os-release is often a symlink to /usr/lib/os-release; `copy` followed it via cat.

echo "captured into $DEST"
