#!/usr/bin/env bash
# THE test command: installs what is missing, starts the Docker engine if needed, builds the local
# images the tests use, then runs the whole suite (`mvn -B verify`: surefire unit tests and failsafe
# integration tests) and exits with Maven's code. Works on a fresh Debian machine as root and in CI
# (CI=true, no stdin).
#
# Usage: deploy/test.sh [extra Maven arguments, e.g. -pl api-server -am -Dit.test=WatchIT]
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  case ${1:-} in -h | --help) sed -n '2,7p' "$0"; exit 0 ;; esac
  local start=$SECONDS
  "$KAVA_ROOT/deploy/install-prereqs.sh"
  "$KAVA_ROOT/deploy/images/build-all.sh"
  # Failsafe's Testcontainers settings live in the root pom; exported too, for tests run from an IDE
  # or surefire that also reach Docker.
  export TESTCONTAINERS_RYUK_DISABLED=true
  export TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE=kava/busybox:latest
  docker_image_exists "$TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE" ||
    die "$TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE is missing after build-all.sh"
  log "running: mvn -B verify $*"
  cd "$KAVA_ROOT"
  local rc=0
  # -fae: a failing module still lets the modules that do not depend on it run their tests.
  mvn -B --no-transfer-progress -Dstyle.color=never -fae verify "$@" </dev/null || rc=$?
  log "mvn verify exited with $rc after $((SECONDS - start))s in total"
  finish "$rc"
}

main "$@"
