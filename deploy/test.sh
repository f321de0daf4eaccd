#!/usr/bin/env bash
# THE test command: installs what is missing, starts the Docker engine if needed, builds the local
# images the tests use, then runs the whole suite (`mvn -B install`: surefire unit tests and failsafe
# integration tests) and exits with Maven's code. Works on a fresh Debian machine as root and in CI
# (CI=true, no stdin).
#
# Usage: deploy/test.sh [extra Maven arguments, e.g. -pl api-server -am -Dit.test=WatchIT]
#        After a green `mvn install` of the whole build (no extra arguments), it builds the kava/kava image and
#        runs the example user project examples/testcontainers-user against it, as a user's build would
#        (one cluster in a container: a couple of minutes).
# Env:   KAVA_CONTAINER_TESTS=1 also runs the testcontainers module's own integration tests (profile
#        kava-container: several clusters in containers, one and two nodes, start/stop/restart; about
#        ten minutes more on two cores, so not in every run)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The example user project (its own pom, not a module of this build) against the image of this build.
run_example_project() {
  local start=$SECONDS
  "$KAVA_ROOT/deploy/images/kava/build.sh" || return
  log "running: the example project examples/testcontainers-user (mvn -B test)"
  (cd "$KAVA_ROOT/examples/testcontainers-user" && mvn -B --no-transfer-progress -Dstyle.color=never test </dev/null) || return
  log "the example project passed in $((SECONDS - start))s (image build included)"
}

main() {
  case ${1:-} in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;; esac
  local start=$SECONDS
  "$KAVA_ROOT/deploy/install-prereqs.sh"
  "$KAVA_ROOT/deploy/images/build-all.sh"
  # Failsafe's Testcontainers settings live in the root pom; exported too, for tests run from an IDE
  # or surefire that also reach Docker.
  export TESTCONTAINERS_RYUK_DISABLED=true
  export TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE=kava/busybox:latest
  docker_image_exists "$TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE" ||
    die "$TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE is missing after build-all.sh"
  # install, not just verify: the example project depends on kava-testcontainers as a user's project
  # does, from the local repository.
  local goal=install containers=()
  [[ ${KAVA_CONTAINER_TESTS:-0} == 1 ]] && containers=(-Pkava-container)
  log "running: mvn -B $goal ${containers[*]} $*"
  cd "$KAVA_ROOT"
  local rc=0
  # -fae: a failing module still lets the modules that do not depend on it run their tests.
  mvn -B --no-transfer-progress -Dstyle.color=never -fae "$goal" "${containers[@]}" "$@" </dev/null || rc=$?
  if ((rc == 0 && $# == 0)); then
    run_example_project || rc=$?
  fi
  log "mvn verify exited with $rc after $((SECONDS - start))s in total"
  finish "$rc"
}

main "$@"
