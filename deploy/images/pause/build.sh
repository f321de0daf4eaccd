#!/bin/sh
# Builds kava/pause:3.9, the pod sandbox image: a process that holds the pod's network namespace,
# sleeps forever and exits at once on SIGTERM or SIGINT (like upstream's pause container).
# busybox `sleep` as PID 1 ignores SIGTERM (PID 1 has no default signal handlers), so the shell traps
# the signals itself and waits on a background sleep, which `wait` lets it interrupt.
# Usage: deploy/images/pause/build.sh [IMAGE]   (default kava/pause:3.9; idempotent)
set -eu
IMAGE="${1:-kava/pause:3.9}"

if [ -z "${FORCE:-}" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "Image $IMAGE exists"
  exit 0
fi

BUSYBOX="$(command -v busybox || true)"
if [ -z "$BUSYBOX" ]; then
  apt-get install -y busybox-static >/dev/null
  BUSYBOX="$(command -v busybox)"
fi
# Only a static busybox runs in an image without libc.
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "$BUSYBOX is dynamically linked; install busybox-static" >&2
  exit 1
fi

ROOT="$(mktemp -d)"
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in sh sleep; do
  ln -s busybox "$ROOT/bin/$applet"
done

tar -C "$ROOT" -c . | docker import \
  --change 'ENV PATH=/bin' \
  --change 'CMD ["/bin/sh", "-c", "trap \"exit 0\" TERM INT; while :; do sleep 3600 & wait; done"]' \
  - "$IMAGE" >/dev/null
echo "Built $IMAGE"
