#!/usr/bin/env bash
# Builds kava/demo:1.0: busybox-static with an HTTP server on port 80 (see start.sh), and tags it
# with the nginx names upstream manifests use. Rebuilds only when its sources changed, or --force.
#
# Usage: deploy/images/demo/build.sh [--force]   (or env FORCE=1, as the other image scripts take)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
log_as images/demo

IMAGE=kava/demo:1.0
ALIASES=(nginx:1.14.2 nginx:1.16.1 nginx:latest)
HERE="$KAVA_ROOT/deploy/images/demo"

source_hash() {
  cat "$HERE/build.sh" "$HERE/start.sh" "$(command -v busybox)" | sha256sum | cut -c1-16
}

build() {
  local root hash=$1 old
  old=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
  root=$(mktemp -d)
  make_busybox_rootfs "$root"
  install -m 0755 "$HERE/start.sh" "$root/start.sh"
  mkdir -p "$root/www"
  tar -C "$root" -c . | docker import \
    -c 'ENTRYPOINT ["/start.sh"]' \
    -c 'EXPOSE 80' \
    -c 'WORKDIR /' \
    -c "LABEL io.kava.image=demo io.kava.source-hash=$hash" \
    - "$IMAGE" >/dev/null
  rm -rf "$root"
  # The previous build is left untagged by the import; remove it unless something still uses it.
  if [[ -n $old && $old != $(docker image inspect -f '{{.Id}}' "$IMAGE") ]]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
}

main() {
  local force=0 hash
  [[ ${1:-} == --force || -n ${FORCE:-} ]] && force=1
  hash=$(source_hash)
  if ((force == 0)) && [[ $(docker_image_label "$IMAGE" io.kava.source-hash) == "$hash" ]]; then
    log "$IMAGE: up to date (skipped)"
  else
    build "$hash"
    log "$IMAGE: built"
  fi
  local alias
  for alias in "${ALIASES[@]}"; do docker tag "$IMAGE" "$alias"; done
  log "$IMAGE: tagged ${ALIASES[*]}"
}

main "$@"
