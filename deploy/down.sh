#!/usr/bin/env bash
# Stops what deploy/up.sh started, by the pids it recorded (SIGTERM, wait, SIGKILL), nodes first, the
# cluster DNS before the API server (on SIGTERM it takes its own endpoint out of kube-dns), etcd last
# (with --ha: both API servers, schedulers and controller managers, all three etcd members);
# removes this cluster's iptables chains and service range guard (kube-proxy --cleanup), then the
# containers of this cluster's nodes. Never stops anything it did not start. etcd's data and the
# certificates are kept, so `down.sh && up.sh` brings the same objects and CA back; --purge removes them.
#
# Usage: deploy/down.sh [--purge] [--state-dir DIR]      (state dir default: $KAVA_HOME, else <repo>/.kava)
#        deploy/down.sh --hosts   uninstalls and removes the simulated hosts of up.sh --hosts (deploy/hosts.sh delete)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/state.sh
source "$KAVA_ROOT/deploy/state.sh"

# Node names this cluster used: from the kubelets' pid files and from cluster.env.
cluster_nodes() {
  local name list="" prefix="" count=0 i
  while read -r name; do
    [[ $name == kubelet-* ]] && list+="${name#kubelet-}"$'\n'
  done < <(recorded_processes)
  if [[ -f $SETTINGS_FILE ]]; then
    prefix=$(sed -n 's/^NODE_PREFIX=//p' "$SETTINGS_FILE")
    count=$(sed -n 's/^NODES=//p' "$SETTINGS_FILE")
    [[ -n $prefix && $count =~ ^[0-9]+$ ]] || count=0
    for ((i = 1; i <= count; i++)); do list+="$prefix$i"$'\n'; done
  fi
  sed "/^$/d" <<<"$list" | sort -u
}

# kube-proxy leaves its rules in place when it stops (traffic keeps flowing, as upstream); the cluster
# going away removes them: `kube-proxy --cleanup` with this cluster's tag and range deletes its chains,
# jump rules and guard, and nothing of another cluster. Runs the copy kube-proxy ran, else the build.
cleanup_iptables() {
  local tag jar dir saved
  tag=$(cluster_tag)
  if ! saved=$(iptables-save 2>/dev/null); then
    log "iptables: cannot read the rules (not root?); kube-proxy's chains (if any) stay"
    return 0
  fi
  if ! grep -q -e ":$tag-" -e "kava-proxy $tag " <<<"$saved"; then
    log "iptables: no chain of cluster tag $tag"
    return 0
  fi
  dir=$(cat "$RUN_DIR/kube-proxy.bin" 2>/dev/null || true)
  jar=$dir/kava-kube-proxy.jar
  [[ -n $dir && -f $jar ]] || jar=$KAVA_ROOT/kube-proxy/target/kava-kube-proxy.jar
  if [[ ! -f $jar ]]; then
    warn "iptables: chains of $tag remain but kube-proxy is not built; build it and run deploy/down.sh again"
    return 0
  fi
  mkdir -p "$LOG_DIR"
  if java -jar "$jar" --cleanup --cluster-tag "$tag" --service-cluster-ip-range "$SERVICE_CIDR" \
    >>"$LOG_DIR/kube-proxy.log" 2>&1 </dev/null; then
    log "iptables: removed the chains and service range guard of cluster tag $tag ($SERVICE_CIDR)"
  else
    warn "iptables: kube-proxy --cleanup failed; see $LOG_DIR/kube-proxy.log"
  fi
}

# The CNI pod network the kubelets left (KAVA_NETWORK_PLUGIN=cni): once the containers are gone, CNI DEL of
# every sandbox still in a node's cache (frees its address, drops its portmap and firewall rules), the
# node's conflist, host-local store and kbr-* bridge; the pod network guard goes when no kbr-* bridge is left.
cleanup_cni() {
  local node dirs=() jar
  for node in "$@"; do
    [[ -d $STATE_DIR/kubelet/$node/cni ]] && dirs+=("$STATE_DIR/kubelet/$node/cni")
  done
  ((${#dirs[@]} > 0)) || return 0
  jar=$KAVA_ROOT/kubelet/target/kava-kubelet.jar
  if [[ ! -f $jar ]]; then
    warn "cni: the kubelet is not built; bridges kbr-* and CNI state under $STATE_DIR/kubelet remain"
    return 0
  fi
  if java -cp "$jar" io.kava.kubelet.network.CniCleanup --remove-guard "${dirs[@]}" >>"$LOG_DIR/cni-cleanup.log" 2>&1 </dev/null; then
    log "cni: deleted the pod networks, bridges and host-local state of ${#dirs[@]} node(s)"
  else
    warn "cni: the cleanup failed; see $LOG_DIR/cni-cleanup.log"
  fi
}

# Takes this cluster's context and cluster (kava-<api port>, as deploy/up.sh named them) out of the
# config file; other clusters' contexts stay. Needs kavactl built; a file without them is left alone.
remove_context() {
  local name="kava-$API_PORT" jar=$KAVA_ROOT/kubectl/target/kava-kubectl.jar
  [[ -f $CONFIG_FILE && -f $jar ]] || return 0
  grep -q -- "- name: $name\$" "$CONFIG_FILE" || return 0
  env -u KAVA_API_SERVER "$KAVA_ROOT/deploy/kavactl" --kubeconfig "$CONFIG_FILE" config delete-context "$name" \
    >/dev/null 2>&1 </dev/null || true
  env -u KAVA_API_SERVER "$KAVA_ROOT/deploy/kavactl" --kubeconfig "$CONFIG_FILE" config delete-cluster "$name" \
    >/dev/null 2>&1 </dev/null || true
  log "config: removed context and cluster $name from $CONFIG_FILE"
}

purge() {
  local path
  for path in "$ETCD_DATA_DIR" "$STATE_DIR"/etcd-[0-9] "$STATE_DIR"/etcd-[0-9].before-restore "$STATE_DIR/etcd.before-restore" "$LOG_DIR" "$RUN_DIR" "$BIN_DIR" "$CONFIG_FILE" "$SETTINGS_FILE" "$STATE_DIR/local-path" "$STATE_DIR/kubelet" "$STATE_DIR/encryption-config.yaml" "$STATE_DIR/admission-config.yaml" "$PKI_DIR" "$STATE_DIR/etcd-pki" "$STATE_DIR"/*.kubeconfig; do
    rm -rf "$path"
  done
  rmdir "$STATE_DIR" 2>/dev/null || true
  log "purged: etcd data, volumes (local-path), the kubelets' pod files, the encryption key, the admission configuration, the keys, certificates and kubeconfigs, logs and settings in $STATE_DIR"
}

main() {
  local do_purge=0 state_arg=""
  while [[ $# -gt 0 ]]; do
    case $1 in
      --purge) do_purge=1; shift ;;
      --hosts) exec "$KAVA_ROOT/deploy/hosts.sh" delete ;;
      --state-dir) [[ $# -ge 2 ]] || die "--state-dir needs a value"; state_arg=$2; shift 2 ;;
      -h | --help) sed -n '2,8p' "$0"; exit 0 ;;
      *) die "unknown option: $1 (see --help)" ;;
    esac
  done
  use_state_dir "$state_arg"
  if [[ ! -d $STATE_DIR ]]; then
    log "no cluster state in $STATE_DIR: nothing to stop"
    return 0
  fi

  local nodes name stopped=0
  mapfile -t nodes < <(cluster_nodes)
  while read -r name; do
    stop_daemon "$name" "$(pid_file "$name")"
    stopped=$((stopped + 1))
  done < <(recorded_processes)
  ((stopped > 0)) || log "no process recorded in $RUN_DIR: nothing to stop"
  load_settings
  cleanup_iptables
  rm -f "$RUN_DIR"/*.bin
  rm -rf "${BIN_DIR:?}"/*

  remove_containers "${nodes[@]}"
  mkdir -p "$LOG_DIR"
  cleanup_cni "${nodes[@]}"
  if ((do_purge)); then
    purge
  else
    remove_context
    log "kept etcd data in $ETCD_DATA_DIR (deploy/up.sh brings it back; --purge removes it)"
  fi
}

main "$@"
