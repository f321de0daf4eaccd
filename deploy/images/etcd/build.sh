#!/usr/bin/env bash
# Builds kava/etcd:3.4.23 for the API server's integration tests (Testcontainers): Debian's
# /usr/bin/etcd plus the shared libraries `ldd` names, on a FROM scratch image. No registry needed.
# Idempotent: an existing image is kept unless FORCE=1.
set -euo pipefail

IMAGE=${IMAGE:-kava/etcd:3.4.23}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ -z ${FORCE:-} ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE present (skipped)"
  exit 0
fi
ETCD=$(command -v etcd || true)
[[ -n $ETCD && -x $ETCD ]] || { echo "etcd is not installed (apt-get install -y etcd-server)" >&2; exit 1; }

CONTEXT=$(mktemp -d)
trap 'rm -rf "$CONTEXT"' EXIT
ROOT=$CONTEXT/rootfs
mkdir -p "$ROOT/usr/bin" "$ROOT/var/lib/etcd" "$ROOT/tmp"
chmod 1777 "$ROOT/tmp"
cp "$ETCD" "$ROOT/usr/bin/etcd"
# Every library the dynamic loader resolves (libc.so.6, libpthread, ld-linux-x86-64.so.2, ...).
for lib in $(ldd "$ETCD" | grep -o '/[^ )]*'); do
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
cp "$HERE/Dockerfile" "$CONTEXT/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q -t "$IMAGE" "$CONTEXT" >/dev/null 2>&1 || DOCKER_BUILDKIT=0 docker build -t "$IMAGE" "$CONTEXT"
echo "built $IMAGE from $ETCD ($("$ETCD" --version | head -1))"
