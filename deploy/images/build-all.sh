#!/usr/bin/env bash
# Builds every local image the cluster and the tests use; no registry is needed or reachable.
# Images already present are skipped unless --force.
#
#   deploy/images/etcd/build.sh      kava/etcd:3.4.23 for Testcontainers-based tests
#   deploy/images/busybox/build.sh   kava/busybox:latest, the Testcontainers tiny image
#   deploy/images/pause/build.sh     kava/pause:3.9, the pod sandbox (kubelet helper)
#   deploy/images/demo/build.sh      kava/demo:1.0, a web server tagged nginx:1.14.2, nginx:1.16.1, nginx:latest
#   deploy/images/kavactl/build.sh   kava/kavactl:0.1.0, kavactl for pods (when kubectl/target/kava-kubectl.jar is built)
# busybox:latest and busybox:1.28 are tagged from kava/busybox:latest so upstream manifests run as-is.
#
# Usage: deploy/images/build-all.sh [--force]
# Convention for the per-image scripts: idempotent, no arguments needed, env FORCE=1 rebuilds
# (each may read IMAGE from the environment, so it is cleared for them).
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

IMAGES_DIR="$KAVA_ROOT/deploy/images"
BUSYBOX_IMAGE=kava/busybox:latest
BUSYBOX_ALIASES=(busybox:latest busybox:1.28)

FORCE_ALL=0

has_image_script() { [[ -f $IMAGES_DIR/$1/build.sh ]]; }

# run_image_script NAME -- runs deploy/images/NAME/build.sh (another helper's script).
run_image_script() {
  local name=$1 force=$FORCE_ALL note=""
  if ! has_image_script "$name"; then
    log "$name: deploy/images/$name/build.sh not present yet (skipped)"
    return 0
  fi
  ((force)) && note=" (forced)"
  log "$name: running deploy/images/$name/build.sh$note"
  if ((force)); then
    env -u IMAGE FORCE=1 bash "$IMAGES_DIR/$name/build.sh" | sed "s|^|    $name: |" >&2
  else
    env -u IMAGE -u FORCE bash "$IMAGES_DIR/$name/build.sh" | sed "s|^|    $name: |" >&2
  fi
}

main() {
  while [[ $# -gt 0 ]]; do
    case $1 in
      --force) FORCE_ALL=1; shift ;;
      -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
      *) die "unknown option: $1 (see --help)" ;;
    esac
  done
  docker info >/dev/null 2>&1 || die "the Docker engine does not answer; run deploy/install-prereqs.sh first"
  local start=$SECONDS
  run_image_script etcd
  run_image_script busybox
  run_image_script pause
  if ((FORCE_ALL)); then FORCE=1 "$IMAGES_DIR/demo/build.sh"; else env -u FORCE "$IMAGES_DIR/demo/build.sh"; fi
  if [[ -f $KAVA_ROOT/kubectl/target/kava-kubectl.jar ]]; then
    run_image_script kavactl
  else
    log "kavactl: kubectl/target/kava-kubectl.jar is not built yet (skipped)"
  fi

  local alias
  if docker_image_exists "$BUSYBOX_IMAGE"; then
    for alias in "${BUSYBOX_ALIASES[@]}"; do docker tag "$BUSYBOX_IMAGE" "$alias"; done
    log "busybox: tagged ${BUSYBOX_ALIASES[*]} from $BUSYBOX_IMAGE"
  else
    warn "busybox: $BUSYBOX_IMAGE is missing, so ${BUSYBOX_ALIASES[*]} were not tagged"
  fi
  log "images ready in $((SECONDS - start))s"
}

main "$@"
