#!/usr/bin/env bash
# Builds kava/busybox:latest: busybox-static with a symlink per applet, imported as an image. It is the
# Testcontainers "tiny image" (TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE) and a busybox for manifests.
# Idempotent: an existing image is kept unless FORCE=1.
set -euo pipefail

IMAGE=${IMAGE:-kava/busybox:latest}

if [[ -z ${FORCE:-} ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE present (skipped)"
  exit 0
fi
BUSYBOX=$(command -v busybox || true)
[[ -n $BUSYBOX ]] || { echo "busybox is not installed (apt-get install -y busybox-static)" >&2; exit 1; }
if ! file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
  ldd "$BUSYBOX" >/dev/null 2>&1 && { echo "$BUSYBOX is not static (apt-get install -y busybox-static)" >&2; exit 1; }
fi

ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/tmp" "$ROOT/etc" "$ROOT/root" "$ROOT/var/log"
chmod 1777 "$ROOT/tmp"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [[ $applet == busybox ]] || ln -sf busybox "$ROOT/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$ROOT/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$ROOT/etc/group"
tar -C "$ROOT" -c . | docker import -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - "$IMAGE" >/dev/null
echo "built $IMAGE from $BUSYBOX"
