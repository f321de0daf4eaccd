#!/bin/sh
# Makes sure the images the kubelet's integration tests use exist locally (there is no registry):
# kava/pause:3.9 (the sandbox) and kava/busybox:latest (test workloads: sh, sleep, httpd, nc, wget).
# kava/busybox:latest is normally built by deploy/images/busybox/build.sh; without that script this
# builds the same kind of image: a busybox-static rootfs with every applet linked, imported with docker.
set -eu
REPO="$(cd "$(dirname "$0")/../../../.." && pwd)"
"$REPO/deploy/images/pause/build.sh" kava/pause:3.9

if docker image inspect kava/busybox:latest >/dev/null 2>&1; then
  exit 0
fi
if [ -x "$REPO/deploy/images/busybox/build.sh" ]; then
  exec "$REPO/deploy/images/busybox/build.sh"
fi
BUSYBOX="$(command -v busybox || true)"
if [ -z "$BUSYBOX" ]; then
  apt-get install -y busybox-static >/dev/null
  BUSYBOX="$(command -v busybox)"
fi
ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/tmp" "$ROOT/etc" "$ROOT/var/www"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$ROOT/bin/$applet"
done
echo 'root:x:0:0:root:/root:/bin/sh' > "$ROOT/etc/passwd"
echo 'root:x:0:' > "$ROOT/etc/group"
tar -C "$ROOT" -c . | docker import --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' - kava/busybox:latest >/dev/null
echo "Built kava/busybox:latest"
