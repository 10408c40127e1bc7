#!/usr/bin/env bash
# What the README's two quick-start commands cost on a fresh Debian 12: the megabytes of packages
# each install step fetches and installs, and the build folder the first command makes. The root
# is made with debootstrap (minbase, as Debian's container image), so nothing is installed before.
# Peer: the single list the first command installed before the split (issue 26's 305 MB); the
# ceiling for the first command is 150 MB fetched.
# Usage (as root, with debootstrap): bench/install_deps.sh [existing-fresh-root]
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-}
if [ -z "$root" ]; then
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
fi
cat > "$root/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT
mkdir -p "$root/root/src"
git ls-files -co --exclude-standard | tar -cf - -T - | tar -xf - -C "$root/root/src"

# apt-get's own figures: "Need to get N MB of archives" and "N MB of additional disk space".
step() {
  local name=$1; shift
  chroot "$root" sh -c "cd /root/src && $*" > "$root/tmp/$name.log" 2>&1
  local fetched installed
  fetched=$(sed -n 's/^Need to get \([0-9.,]* [kMG]B\).*/\1/p' "$root/tmp/$name.log")
  installed=$(sed -n 's/^After this operation, \([0-9.,]* [kMG]B\).*/\1/p' "$root/tmp/$name.log")
  echo "$name: fetched ${fetched:-nothing}, installed ${installed:-nothing}"
}
step build "scripts/install-deps"
chroot "$root" sh -c 'cd /root/src && cmake -S . -B build >/dev/null &&
  cmake --build build -j"$(nproc)" --target programs >/dev/null &&
  AUTOSANA_WEBHOOK_SECRET=example-secret build/autosana-webhook verify --request examples/delivery.http'
echo "build folder after the first command: $(du -sm "$root/root/src/build" | cut -f1) MB"
step test "scripts/install-deps test"
