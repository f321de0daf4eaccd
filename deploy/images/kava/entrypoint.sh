#!/usr/bin/env bash
# kava/kava's entrypoint: a whole single-node Kava cluster in this (privileged) container.
#   1. starts a Docker engine of its own (the kubelet's runtime) on the container's file system and
#      loads the images baked into the image (kava/pause, busybox, the demo server);
#   2. runs deploy/up.sh for one node, TLS and every security default on, the API server listening on
#      every address of the container (its certificate names 127.0.0.1, localhost, the container's
#      hostname and address);
#   3. writes $KAVA_HOME/host.kubeconfig (server https://127.0.0.1:$KAVA_HOST_PORT) for the host side and
#      prints "Kava is ready" once the node is Ready, then how to connect.
# SIGTERM stops the cluster (deploy/down.sh) and the engine.
#
# Usage: docker run --privileged -p 6443:6443 kava/kava
#        (where --privileged fails with "unable to apply caps": --cap-add ALL --cap-drop SYS_RESOURCE
#        --security-opt seccomp=unconfined --security-opt apparmor=unconfined --device-cgroup-rule 'a *:* rwm'
#        instead; KavaContainer does that)
# Env:   KAVA_HOST_PORT (the published port host.kubeconfig names, default 6443), KAVA_TLS_SAN (more
#        names/addresses for the serving certificate, comma-separated), KAVA_READY_TIMEOUT (seconds, 120)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source /opt/kava/deploy/lib.sh
log_as kava

STATE=${KAVA_HOME:-/var/lib/kava}
DOCKER_ROOT=/var/lib/docker
DOCKERD_LOG=/var/log/dockerd.log
DOCKERD_PID=/run/kava-dockerd.pid

# overlay2 cannot stack on the overlay file system of the container's own root; vfs can (the images are
# a few MB). A tmpfs or volume on /var/lib/docker gets overlay2.
storage_driver() {
  case $(stat -f -c %T "$DOCKER_ROOT") in
    overlayfs) echo vfs ;;
    *) echo overlay2 ;;
  esac
}

# Without --privileged (where CAP_SYS_RESOURCE is not grantable, as on Kava's build machine, KavaContainer
# asks for every other capability and no seccomp/AppArmor instead) /sys, the cgroup controllers and
# /proc/sys are mounted read-only; the inner engine and kube-proxy need them writable.
writable_sys() {
  local mountpoint options
  while read -r _ mountpoint _ options _; do
    [[ $mountpoint == /sys || $mountpoint == /sys/fs/cgroup/* || $mountpoint == /proc/sys ]] || continue
    [[ ,$options, == *,ro,* ]] || continue
    # remount,bind changes this mount only (a remount of the shared superblock is refused as busy)
    mount -o remount,bind,rw "$mountpoint" || die "could not make $mountpoint writable (run the container with --privileged)"
  done </proc/mounts
}

start_docker() {
  local driver start=$SECONDS
  writable_sys
  mkdir -p "$DOCKER_ROOT" "$(dirname "$DOCKERD_LOG")"
  driver=$(storage_driver)
  log "starting the inner Docker engine (storage driver $driver)"
  start_daemon dockerd "$DOCKERD_PID" "$DOCKERD_LOG" dockerd --storage-driver "$driver"
  wait_for --timeout 60 --pid-file "$DOCKERD_PID" --log "$DOCKERD_LOG" "the inner Docker engine" -- docker info ||
    die "the inner Docker engine did not start"
  docker load -q -i /opt/kava/images/images.tar >/dev/null || die "could not load the baked images"
  log "inner Docker engine up with $(docker images -q | sort -u | wc -l) images in $((SECONDS - start))s"
}

# The container's own IPv4 address (eth0 on the outer engine's network).
container_address() {
  ip -4 -o addr show scope global | awk '$2 !~ /^(docker|br-|veth|kbr)/ { sub(/\/.*/, "", $4); print $4; exit }'
}

write_host_kubeconfig() {
  local port=${KAVA_HOST_PORT:-6443}
  sed "s#server: https://127.0.0.1:6443#server: https://127.0.0.1:$port#" "$STATE/admin.kubeconfig" >"$STATE/host.kubeconfig"
  chmod 0600 "$STATE/host.kubeconfig"
}

stop_all() {
  trap - TERM INT
  log "stopping the cluster"
  /opt/kava/deploy/down.sh --state-dir "$STATE" || true
  stop_daemon dockerd "$DOCKERD_PID" 10
  finish 0
}

main() {
  local address start=$SECONDS
  trap stop_all TERM INT
  start_docker
  address=$(container_address)
  [[ -n $address ]] || die "the container has no IPv4 address"
  # Slow starts are the rule on a loaded machine running several of these: generous timeouts.
  # Pods on the inner engine's bridge: up.sh's CNI default has not been tried inside this container yet.
  KAVA_NETWORK_PLUGIN=${KAVA_NETWORK_PLUGIN:-docker} \
    KAVA_API_START_TIMEOUT=${KAVA_API_START_TIMEOUT:-180} /opt/kava/deploy/up.sh --no-prereqs --no-build --no-images --run-in-place --nodes 1 --state-dir "$STATE" \
    --api-bind-address 0.0.0.0 --advertise-address "$address" --tls-san "localhost,$(hostname)${KAVA_TLS_SAN:+,$KAVA_TLS_SAN}" ||
    die "the cluster did not come up (logs in $STATE/logs)"
  write_host_kubeconfig
  log "Kava is ready: node $(kavactl get nodes -o name 2>/dev/null | head -1 | sed 's#.*/##') Ready after $((SECONDS - start))s"
  log "inside:    docker exec <container> kavactl get pods -A"
  log "from here: docker cp <container>:$STATE/host.kubeconfig kava.kubeconfig  (names https://127.0.0.1:${KAVA_HOST_PORT:-6443},"
  log "           the port published with -p ${KAVA_HOST_PORT:-6443}:6443), then KUBECONFIG=kava.kubeconfig kavactl get nodes"
  # Wait for SIGTERM; `wait` returns at once when the trap fires.
  while :; do
    sleep 3600 &
    wait $! || true
  done
}

main "$@"
