#!/usr/bin/env bash
# Installs what Kava needs to build, run and test, and starts the Docker engine if it is not running.
# Idempotent: installs only what is missing (`apt-get update` only then) and never restarts an engine
# that already runs.
#
# Usage: deploy/install-prereqs.sh [--no-docker-start]
# Env:   DOCKERD_LOG (default /var/log/dockerd.log), DOCKERD_START_TIMEOUT (seconds, default 60)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
DOCKERD_START_TIMEOUT=${DOCKERD_START_TIMEOUT:-60}

pkg_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# A JDK (javac) of release 17 or newer on PATH; the build targets 17.
jdk17_present() {
  local version
  have javac || return 1
  version=$(javac -version 2>&1 | awk '{print $2}')
  [[ ${version%%.*} =~ ^[0-9]+$ ]] && ((${version%%.*} >= 17))
}

missing_packages() {
  local missing=()
  have dockerd || missing+=(docker.io)
  have etcd || missing+=(etcd-server)
  have etcdctl || missing+=(etcd-client)
  # Images are built from busybox's static binary; the dynamic `busybox` package would not run there.
  pkg_installed busybox-static || missing+=(busybox-static)
  have iptables || missing+=(iptables)
  # The CNI plugins (bridge, host-local, loopback, portmap, firewall) of the kubelets' --network-plugin=cni.
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  have ip || missing+=(iproute2)
  jdk17_present || missing+=(openjdk-17-jdk-headless)
  have mvn || missing+=(maven)
  echo "${missing[@]}"
}

docker_answers() { docker info >/dev/null 2>&1; }

start_docker_engine() {
  if docker_answers; then
    log "Docker engine: running"
    return 0
  fi
  as_root_or_die "starting the Docker engine"
  if pgrep -x dockerd >/dev/null; then
    # Started by someone else and still coming up: wait for it, never start a second one.
    log "Docker engine: dockerd is running but does not answer yet (pid $(pgrep -x dockerd | head -1))"
  else
    log "Docker engine: not running; starting dockerd (log $DOCKERD_LOG)"
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    setsid dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  if ! wait_for --timeout "$DOCKERD_START_TIMEOUT" --log "$DOCKERD_LOG" \
    "the Docker engine to answer on /var/run/docker.sock" -- docker_answers; then
    die "the Docker engine did not start; see $DOCKERD_LOG"
  fi
  log "Docker engine: $(docker version -f 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null)"
}

main() {
  local start_docker=1
  while [[ $# -gt 0 ]]; do
    case $1 in
      --no-docker-start) start_docker=0; shift ;;
      -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
      *) die "unknown option: $1 (see --help)" ;;
    esac
  done

  local missing
  missing=$(missing_packages)
  if [[ -n $missing ]]; then
    log "missing: $missing"
    # shellcheck disable=SC2086 # one word per package
    ensure_packages $missing
    missing=$(missing_packages)
    [[ -z $missing ]] || die "still missing after apt-get install: $missing"
  else
    log "packages: all present (docker.io, etcd, busybox-static, iptables, containernetworking-plugins, iproute2, JDK 17+, maven)"
  fi
  ((start_docker)) && start_docker_engine
  return 0
}

main "$@"
