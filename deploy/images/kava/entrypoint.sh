#!/usr/bin/env bash
# kava/kava's entrypoint: a Kava cluster, or one node of one, in this (privileged) container.
#   1. starts a Docker engine of its own (the kubelet's runtime) on the container's file system and
#      loads the images baked into the image (kava/pause, busybox, the demo server);
#   2. by KAVA_ROLE:
#      single (the default): deploy/up.sh for one node, TLS and every security default on, the API server
#        listening on every address of the container (its certificate names 127.0.0.1, localhost, the
#        container's hostname and address); pods on the inner engine's bridge;
#      server: the same, as the first node of a cluster other containers join (KavaContainer.withNodes):
#        pods on the CNI bridge of the node's podCIDR, the node's address the container's, routes to the
#        other nodes' podCIDRs through their addresses (kube-proxy --route-pod-cidrs), the cluster DNS on
#        the container's address so that every node's pods reach it;
#      agent: joins the server KAVA_SERVER (https://ADDRESS:6443) with the bootstrap token KAVA_TOKEN
#        through deploy/install.sh agent, the real join path (kubelet TLS bootstrap through a CSR the
#        token authorizes), as node KAVA_NODE_NAME (default: the hostname): kubelet and kube-proxy only;
#   3. single and server write $KAVA_HOME/host.kubeconfig (server https://127.0.0.1:$KAVA_HOST_PORT) for
#      the host side; every role prints "Kava is ready" once its node is Ready, then how to connect.
# SIGTERM stops the cluster (deploy/down.sh) or the agent's units, then the engine.
#
# Usage: docker run --privileged -p 6443:6443 kava/kava
#        (where --privileged fails with "unable to apply caps": --cap-add ALL --cap-drop SYS_RESOURCE
#        --security-opt seccomp=unconfined --security-opt apparmor=unconfined --device-cgroup-rule 'a *:* rwm'
#        instead; KavaContainer does that)
#        Several nodes on one Docker network (as KavaContainer.withNodes(n) does it):
#        docker run ... --network N -e KAVA_ROLE=server kava/kava;  docker exec <server> kavactl token create;
#        docker run ... --network N -e KAVA_ROLE=agent -e KAVA_SERVER=https://<server address>:6443 \
#          -e KAVA_TOKEN=<token> -e KAVA_NODE_NAME=kava-node-2 kava/kava
# Env:   KAVA_ROLE (single, server, agent), KAVA_HOST_PORT (the published port host.kubeconfig names,
#        default 6443), KAVA_TLS_SAN (more names/addresses for the serving certificate, comma-separated),
#        KAVA_READY_TIMEOUT (seconds, 120), KAVA_SERVER, KAVA_TOKEN, KAVA_NODE_NAME (agent)
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

# An agent's units run under deploy/supervise.sh (no systemd in here): stop the supervisors, which stop
# the kubelet and kube-proxy. The container goes next, with everything the node made.
stop_agent() {
  local unit
  trap - TERM INT
  log "stopping the agent's kubelet and kube-proxy"
  for unit in kava-proxy kava-kubelet; do
    stop_daemon "$unit" "$STATE/run/$unit.pid" 5 || true
  done
  stop_daemon dockerd "$DOCKERD_PID" 10
  finish 0
}

wait_for_sigterm() {
  # `wait` returns at once when the trap fires.
  while :; do
    sleep 3600 &
    wait $! || true
  done
}

# run_server ROLE ADDRESS -- up.sh for one node: single (pods on the inner engine's bridge) or server
# (the first node of several: CNI, the container's address as the node's, routes to the others' pods).
run_server() {
  local role=$1 address=$2 plugin=${KAVA_NETWORK_PLUGIN:-docker} routed=()
  if [[ $role == server ]]; then
    plugin=cni
    routed=(--node-ip "$address")
  fi
  # Slow starts are the rule on a loaded machine running several of these: generous timeouts.
  # A single node's pods sit on the inner engine's bridge, as before CNI was tried in here.
  KAVA_NETWORK_PLUGIN=$plugin \
    KAVA_API_START_TIMEOUT=${KAVA_API_START_TIMEOUT:-180} /opt/kava/deploy/up.sh --no-prereqs --no-build --no-images --run-in-place --nodes 1 --state-dir "$STATE" \
    --api-bind-address 0.0.0.0 --advertise-address "$address" --tls-san "localhost,$(hostname)${KAVA_TLS_SAN:+,$KAVA_TLS_SAN}" \
    "${routed[@]}" || die "the cluster did not come up (logs in $STATE/logs)"
  write_host_kubeconfig
}

# run_agent ADDRESS -- deploy/install.sh agent: the join (JoinMain checks the server's CA against the
# token's pin, then the kubelet's client certificate comes through a CSR), kubelet and kube-proxy.
run_agent() {
  local address=$1 node=${KAVA_NODE_NAME:-$(hostname | tr '[:upper:]' '[:lower:]')}
  [[ -n ${KAVA_SERVER:-} ]] || die "KAVA_ROLE=agent needs KAVA_SERVER (https://<the server container's address>:6443)"
  [[ -n ${KAVA_TOKEN:-} ]] || die "KAVA_ROLE=agent needs KAVA_TOKEN (on the server: kavactl token create)"
  KAVA_READY_TIMEOUT=${KAVA_READY_TIMEOUT:-120} /opt/kava/deploy/install.sh agent --server "$KAVA_SERVER" --token "$KAVA_TOKEN" \
    --node-name "$node" --node-ip "$address" --state-dir "$STATE" --no-build --no-prereqs --run-in-place ||
    die "the agent did not join $KAVA_SERVER (logs in $STATE/logs)"
  AGENT_NODE=$node
}

main() {
  local address start=$SECONDS role=${KAVA_ROLE:-single}
  [[ $role == single || $role == server || $role == agent ]] || die "KAVA_ROLE must be single, server or agent, got '$role'"
  if [[ $role == agent ]]; then trap stop_agent TERM INT; else trap stop_all TERM INT; fi
  start_docker
  address=$(container_address)
  [[ -n $address ]] || die "the container has no IPv4 address"
  if [[ $role == agent ]]; then
    run_agent "$address"
    log "Kava is ready: node $AGENT_NODE ($address) joined $KAVA_SERVER, Ready after $((SECONDS - start))s"
    log "its logs: docker exec <container> ls $STATE/logs"
    wait_for_sigterm
  fi
  run_server "$role" "$address"
  log "Kava is ready: node $(kavactl get nodes -o name 2>/dev/null | head -1 | sed 's#.*/##') Ready after $((SECONDS - start))s"
  log "inside:    docker exec <container> kavactl get pods -A"
  log "from here: docker cp <container>:$STATE/host.kubeconfig kava.kubeconfig  (names https://127.0.0.1:${KAVA_HOST_PORT:-6443},"
  log "           the port published with -p ${KAVA_HOST_PORT:-6443}:6443), then KUBECONFIG=kava.kubeconfig kavactl get nodes"
  if [[ $role == server ]]; then log "join more nodes: docker exec <container> kavactl token create, then an agent (KAVA_ROLE=agent) with KAVA_SERVER=https://$address:6443"; fi
  wait_for_sigterm
}

main "$@"
