#!/usr/bin/env bash
# Brings up a local Kava cluster: etcd, the API server, the scheduler, the controller manager, the
# cluster DNS, N kubelets (one per local "node" address 127.0.0.11, 127.0.0.12, ...) and one kube-proxy
# for the host. Installs what is missing, builds the jars when sources changed, builds the local
# images. Idempotent: a process that already runs is left alone; running up.sh twice leaves one of
# each. etcd's data survives down.sh.
#
# Usage: deploy/up.sh [--nodes N] [--hollow-nodes N] [--state-dir DIR] [--etcd-port P] [--etcd-peer-port P]
#                     [--api-port P] [--node-prefix NAME-] [--first-node-ip 127.0.0.X]
#                     [--service-cidr CIDR] [--dns-port P] [--no-build] [--no-images] [--etcd-only]
#                     [--ha [--api-port-2 P] | --no-ha]   (--ha: 3 etcd members, 2 of each control plane process)
#        --etcd-only starts etcd and nothing else (deploy/etcd-backup.sh restore uses it)
#        --hosts N: N simulated hosts instead (network namespaces kava-h1..N, deploy/hosts.sh cluster N):
#        host 1 runs deploy/install.sh server, the others join with deploy/install.sh agent
#        --hollow-nodes N also runs N hollow nodes (no Docker, label kava.io/hollow=true) in one JVM;
#        --nodes 0 --hollow-nodes N runs only them (docs/hollow-nodes.md)
#        In an image (kava/kava, deploy/images/kava): [--no-prereqs] (the image has them and runs its own
#        dockerd) [--run-in-place] (run the jars where they are, no copies under bin/)
#        [--api-bind-address ADDR] (the API server's listen address, default 127.0.0.1; kube-apiserver's
#        --bind-address) [--advertise-address IP] [--tls-san A[,B...]] (more names/IPs in its serving cert)
#        [--node-ip IP] (with --nodes 1 and the cni pod network: the node's address as other hosts reach it,
#        for a first node others join, as kava/kava's KAVA_ROLE=server: the kubelet's --node-ip, the cluster
#        DNS listens there, kube-proxy routes to the other nodes' podCIDRs through their addresses)
# Env:   KAVA_HOME (state dir), KAVA_ETCD_PORT, KAVA_API_PORT, KAVA_NODES, ... (see deploy/state.sh),
#        KAVA_JAVA_OPTS (more JVM options of every process, after deploy/jvm/), KAVA_READY_TIMEOUT (seconds, default 120),
#        KAVA_NETWORK_PLUGIN (cni, the default: each node's podCIDR on its own bridge kbr-<x>; docker: Docker's bridge;
#        a cluster keeps the one it was made with, cluster.env)
#        KAVA_API_START_TIMEOUT (seconds the API server has to listen, default 60; half that to answer)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/state.sh
source "$KAVA_ROOT/deploy/state.sh"
# shellcheck source=deploy/cluster.sh
source "$KAVA_ROOT/deploy/cluster.sh"
# JVM options: deploy/jvm/common.options, then deploy/jvm/<module>.options, then these (later wins).
JAVA_OPTS=${KAVA_JAVA_OPTS:-}
READY_TIMEOUT=${KAVA_READY_TIMEOUT:-120}
# The pod network (issue 13, docs/kubelet.md "Pod network"): the controller manager's node IPAM always
# hands out podCIDRs of CLUSTER_CIDR; with NETWORK_PLUGIN=cni (deploy/state.sh, kept in cluster.env) the
# kubelets put their pods there through CNI.
CLUSTER_CIDR=10.244.0.0/16
CNI_BIN_DIR=/usr/lib/cni

declare -A STATUS=()          # process name -> one line for the summary
declare -A KUBELET_STARTED=() # node name -> UTC time this run started its kubelet

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d'; }

parse_args() {
  DO_BUILD=1 DO_IMAGES=1 ETCD_ONLY=0 STATE_ARG=""
  DO_PREREQS=1 RUN_IN_PLACE=0 API_BIND_ADDRESS=127.0.0.1 ADVERTISE_ADDRESS="" TLS_SANS="" ROUTED_NODE_IP=""
  local -A flags=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --nodes | --hollow-nodes | --etcd-port | --etcd-peer-port | --api-port | --node-prefix | --first-node-ip | --state-dir | \
        --service-cidr | --dns-port | --api-port-2)
        [[ $# -ge 2 ]] || die "$1 needs a value"
        flags[$1]=$2
        shift 2
        ;;
      --api-bind-address | --advertise-address | --tls-san | --node-ip)
        [[ $# -ge 2 ]] || die "$1 needs a value"
        case $1 in
          --node-ip) ROUTED_NODE_IP=$2 ;;
          --api-bind-address) API_BIND_ADDRESS=$2 ;;
          --advertise-address) ADVERTISE_ADDRESS=$2 ;;
          --tls-san) TLS_SANS+="${TLS_SANS:+,}$2" ;;
        esac
        shift 2
        ;;
      --no-prereqs) DO_PREREQS=0; shift ;;
      --run-in-place) RUN_IN_PLACE=1; shift ;;
      --no-build) DO_BUILD=0; shift ;;
      --no-images) DO_IMAGES=0; shift ;;
      --etcd-only) ETCD_ONLY=1; shift ;;
      --hosts) [[ $# -ge 2 ]] || die "--hosts needs a value"; exec "$KAVA_ROOT/deploy/hosts.sh" cluster "$2" ;;
      --ha) flags[--ha]=1; shift ;;
      --no-ha) flags[--ha]=0; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option: $1 (see --help)" ;;
    esac
  done
  STATE_ARG=${flags[--state-dir]:-}
  use_state_dir "$STATE_ARG"
  load_settings
  [[ -n ${flags[--nodes]:-} ]] && NODES=${flags[--nodes]}
  [[ -n ${flags[--hollow-nodes]:-} ]] && HOLLOW_NODES=${flags[--hollow-nodes]}
  if [[ -n ${flags[--etcd-port]:-} || -n ${KAVA_ETCD_PORT:-} ]]; then
    ETCD_PEER_PORT=${KAVA_ETCD_PEER_PORT:-} # follows the new client port unless given too
  fi
  [[ -n ${flags[--etcd-port]:-} ]] && ETCD_PORT=${flags[--etcd-port]}
  [[ -n ${flags[--etcd-peer-port]:-} ]] && ETCD_PEER_PORT=${flags[--etcd-peer-port]}
  [[ -n ${flags[--api-port]:-} ]] && API_PORT=${flags[--api-port]}
  [[ -n ${flags[--node-prefix]:-} ]] && NODE_PREFIX=${flags[--node-prefix]}
  [[ -n ${flags[--first-node-ip]:-} ]] && FIRST_NODE_IP=${flags[--first-node-ip]}
  [[ -n ${flags[--service-cidr]:-} ]] && SERVICE_CIDR=${flags[--service-cidr]}
  [[ -n ${flags[--dns-port]:-} ]] && DNS_PORT=${flags[--dns-port]}
  [[ -n ${flags[--ha]:-} ]] && HA=${flags[--ha]}
  if [[ -n ${flags[--api-port]:-} || -n ${KAVA_API_PORT:-} ]]; then
    API_PORT_2=${KAVA_API_PORT_2:-} # follows the new first port unless given too
  fi
  [[ -n ${flags[--api-port-2]:-} ]] && API_PORT_2=${flags[--api-port-2]}
  check_settings
  check_routed_node_ip
  # Ports and names are baked into running processes: changing them needs a restart.
  if any_process_running && [[ -f $SETTINGS_FILE ]]; then
    local saved now
    saved=$(grep -v -e '^NODES=' -e '^HOLLOW_NODES=' "$SETTINGS_FILE" | paste -sd' ')
    now=$(settings_text --without-nodes | paste -sd' ')
    [[ $now == "$saved" ]] ||
      die "the cluster in $STATE_DIR runs with: $saved; asked for: $now; run deploy/down.sh first to change that"
  fi
  return 0
}

# --node-ip: one node that other hosts join and route to (deploy/state.sh's node_ip gives it for node 1).
check_routed_node_ip() {
  [[ -n $ROUTED_NODE_IP ]] || return 0
  [[ $ROUTED_NODE_IP =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]] || die "--node-ip must be an IPv4 address, got '$ROUTED_NODE_IP'"
  ((NODES == 1)) || die "--node-ip names one node's address: it needs --nodes 1, got --nodes $NODES"
  [[ $NETWORK_PLUGIN == cni ]] ||
    die "--node-ip (routes to other hosts' pods) needs the cni pod network (KAVA_NETWORK_PLUGIN=cni), got $NETWORK_PLUGIN"
}

# --- build and jar copies: deploy/cluster.sh -------------------------------------------------------

# Removes copies no running process uses.
prune_snapshots() {
  local dir used
  [[ -d $BIN_DIR ]] || return 0
  used=$(cat "$RUN_DIR"/*.bin 2>/dev/null || true)
  for dir in "$BIN_DIR"/*; do
    [[ -d $dir ]] || continue
    grep -qxF "$dir" <<<"$used" || rm -rf "$dir"
  done
}

# start_java NAME MODULE ARGS... -- returns 1 (after saying so) when the module is not built.
start_java() {
  local name=$1 m=$2 pid dir main="" opts=""
  shift 2
  # --main CLASS: another main class of the module's jar; --java-opts: this process's own JVM options.
  [[ ${1:-} == --main ]] && { main=$2; shift 2; }
  [[ ${1:-} == --java-opts ]] && { opts=$2; shift 2; }
  local pid_f log_f
  pid_f=$(pid_file "$name") log_f=$(log_file "$name")
  if pid=$(daemon_pid "$pid_f"); then
    STATUS[$name]="running (pid $pid)"
    if [[ -f $(module_jar "$m") && $(cat "$RUN_DIR/$name.bin" 2>/dev/null) != "$BIN_DIR/$m-$(build_key "$m")" ]]; then
      log "$name: already running (pid $pid) an older build; deploy/down.sh && deploy/up.sh restarts it"
      STATUS[$name]+=", older build"
    else
      log "$name: already running (pid $pid), left alone"
    fi
    return 0
  fi
  if [[ ! -f $(module_jar "$m") ]]; then
    log "$name: skipped: not built ($m/target/kava-$m.jar does not exist yet)"
    STATUS[$name]="skipped: not built"
    return 1
  fi
  dir=$(snapshot "$m")
  # JVM options: deploy/jvm's common file, then the module's (or, for another main class, the process's),
  # then this process's own and KAVA_JAVA_OPTS: later wins.
  local jvm=("@$KAVA_ROOT/deploy/jvm/common.options") own=$m
  [[ -n $main ]] && own=$name
  [[ -f $KAVA_ROOT/deploy/jvm/$own.options ]] && jvm+=("@$KAVA_ROOT/deploy/jvm/$own.options")
  local launch=(-jar "$dir/kava-$m.jar")
  [[ -n $main ]] && launch=(-cp "$dir/kava-$m.jar" "$main")
  # shellcheck disable=SC2086 # the options hold several words
  start_daemon "$name" "$pid_f" "$log_f" java "${jvm[@]}" $opts $JAVA_OPTS "${launch[@]}" "$@"
  echo "$dir" >"$RUN_DIR/$name.bin"
  STATUS[$name]="started (pid $(daemon_pid "$pid_f" || echo '?'))"
}

# --- etcd ------------------------------------------------------------------------------------------

etcd_endpoint() { etcd_url "$ETCD_PORT"; }
etcd_healthy() { etcdctl_tls --endpoints="$(etcd_endpoint)" --command-timeout=2s endpoint health; }
# Every member's client URL, comma-separated: the API servers' --etcd-servers.
etcd_endpoints() {
  local i urls=()
  if ((HA)); then
    for ((i = 1; i <= HA_MEMBERS; i++)); do urls+=("$(etcd_url "$(etcd_member_port "$i")")"); done
    (IFS=,; echo "${urls[*]}")
  else
    etcd_endpoint
  fi
}
etcd_cluster_healthy() { etcdctl_tls --endpoints="$(etcd_endpoints)" --command-timeout=2s endpoint health; }

# Dies when a port we are about to listen on is taken by a process we did not start.
require_free_port() {
  local port=$1 what=$2 option=$3 owner
  tcp_open 127.0.0.1 "$port" || return 0
  owner=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*))' | head -1 || true)
  die "port $port ($what) is in use by another process ${owner:-}; stop it or pick another port with $option"
}

start_etcd() {
  local pid_f log_f pid
  pid_f=$(pid_file etcd) log_f=$(log_file etcd)
  if pid=$(daemon_pid "$pid_f"); then
    log "etcd: already running (pid $pid), left alone"
    STATUS[etcd]="running (pid $pid)"
  else
    require_free_port "$ETCD_PORT" "etcd client" --etcd-port
    require_free_port "$ETCD_PEER_PORT" "etcd peer" --etcd-peer-port
    prepare_etcd "$ETCD_DATA_DIR"
    local peer tls=() etcd=()
    peer=$(etcd_url "$ETCD_PEER_PORT")
    mapfile -t tls < <(etcd_tls_flags)
    mapfile -t etcd < <(etcd_command)
    # No --auto-compaction: the API server compacts etcd itself (--etcd-compaction-interval).
    start_daemon etcd "$pid_f" "$log_f" "${etcd[@]}" --name kava --data-dir "$ETCD_DATA_DIR" \
      --listen-client-urls "$(etcd_endpoint)" --advertise-client-urls "$(etcd_endpoint)" \
      --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "kava=$peer" \
      "${tls[@]}" --logger zap --log-level warn
    STATUS[etcd]="started (pid $(daemon_pid "$pid_f" || echo '?'))"
  fi
  wait_for --timeout 30 --pid-file "$pid_f" --log "$log_f" "etcd on $(etcd_endpoint)" -- etcd_healthy ||
    die "etcd did not become healthy; see $log_f"
}

# With --ha: three members, each with its own data dir (etcd-1/, ...), client and peer port, all named in
# --initial-cluster. All three start before any waits: a member alone has no quorum.
start_etcd_cluster() {
  local i name pid_f log_f pid initial="" peer client dir tls=() etcd=()
  mapfile -t tls < <(etcd_tls_flags)
  mapfile -t etcd < <(etcd_command)
  for ((i = 1; i <= HA_MEMBERS; i++)); do
    initial+="${initial:+,}kava-$i=$(etcd_url "$(etcd_member_peer_port "$i")")"
  done
  for ((i = 1; i <= HA_MEMBERS; i++)); do
    name=etcd-$i pid_f=$(pid_file "etcd-$i") log_f=$(log_file "etcd-$i")
    if pid=$(daemon_pid "$pid_f"); then
      log "$name: already running (pid $pid), left alone"
      STATUS[$name]="running (pid $pid)"
      continue
    fi
    client=$(etcd_url "$(etcd_member_port "$i")") peer=$(etcd_url "$(etcd_member_peer_port "$i")")
    require_free_port "$(etcd_member_port "$i")" "etcd member $i client" --etcd-port
    require_free_port "$(etcd_member_peer_port "$i")" "etcd member $i peer" --etcd-peer-port
    dir=$STATE_DIR/etcd-$i
    prepare_etcd "$dir"
    # --initial-* only matter the first time; a member with data rejoins from what it stored.
    start_daemon "$name" "$pid_f" "$log_f" "${etcd[@]}" --name "kava-$i" --data-dir "$dir" \
      --listen-client-urls "$client" --advertise-client-urls "$client" \
      --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" --initial-cluster "$initial" \
      --initial-cluster-state new --initial-cluster-token "kava-$ETCD_PORT" "${tls[@]}" --logger zap --log-level warn
    STATUS[$name]="started (pid $(daemon_pid "$pid_f" || echo '?'))"
  done
  wait_for --timeout 60 "the $HA_MEMBERS etcd members on $(etcd_endpoints)" -- etcd_cluster_healthy ||
    die "the etcd cluster did not become healthy; see $LOG_DIR/etcd-*.log"
}

# --- certificates and credentials (issue 12): deploy/cluster.sh -----------------------------------

# cis_api_server_flags, cis_scheduler_flags, cis_controller_manager_flags: deploy/cluster.sh (install.sh passes them too).

# api_server_pod_flags PORT -- pods reach the API server through the kubernetes Service (ClusterIP:443),
# whose endpoint is --advertise-address, else the host's Docker bridge address (where containers reach the
# host): the API server listens there too unless its bind address already covers it. One word per line.
api_server_pod_flags() {
  local address=${ADVERTISE_ADDRESS:-}
  [[ -n $address ]] || address=$(docker_bridge_address)
  [[ -n $address ]] || return 0
  if [[ $API_BIND_ADDRESS != 0.0.0.0 && $API_BIND_ADDRESS != "$address" ]]; then
    printf '%s\n' --listen "$address:$1"
  fi
  printf '%s\n' --advertise-address "$address"
}

# --- API server and kavactl ------------------------------------------------------------------------

api_address() { echo "127.0.0.1:$API_PORT"; }
kavactl() { env -u KAVA_API_SERVER -u KAVA_CONFIG KUBECONFIG="$ADMIN_KUBECONFIG" "$KAVA_ROOT/deploy/kavactl" "$@" </dev/null; }
kavactl_built() { [[ -f $(module_jar kubectl) ]]; }

# start_api_server [NAME PORT OPTION] -- the API server (default: api-server on API_PORT).
start_api_server() {
  local name=${1:-api-server} port=${2:-$API_PORT} option=${3:---api-port} audit=()
  mapfile -t audit < <(audit_args "$name")
  if ! daemon_alive "$(pid_file "$name")" && module_in_build api-server && [[ -f $(module_jar api-server) ]]; then
    require_free_port "$port" "API server" "$option"
  fi
  service_account_files
  local secure=() backends=() sa_flags=() cis=() pod_flags=()
  mapfile -t cis < <(cis_api_server_flags)
  mapfile -t pod_flags < <(api_server_pod_flags "$port")
  mapfile -t secure < <(secure_api_server_flags)
  mapfile -t backends < <(api_server_backend_flags)
  mapfile -t sa_flags < <(service_account_api_flags)
  start_java "$name" api-server --listen "$API_BIND_ADDRESS:$port" --etcd-servers "$(etcd_endpoints)" \
    --service-cluster-ip-range "$SERVICE_CIDR" --encryption-provider-config "$(encryption_config)" \
    "${pod_flags[@]}" "${secure[@]}" "${backends[@]}" "${sa_flags[@]}" "${audit[@]}" "${cis[@]}" || return 1
  wait_for --timeout "${KAVA_API_START_TIMEOUT:-60}" --pid-file "$(pid_file "$name")" --log "$(log_file "$name")" \
    "the API server to listen on 127.0.0.1:$port" -- tcp_open 127.0.0.1 "$port" || die "the API server did not start"
  [[ $name == api-server ]] || return 0
  if kavactl_built; then
    wait_for --timeout "$(((${KAVA_API_START_TIMEOUT:-60} + 1) / 2))" --pid-file "$(pid_file api-server)" --log "$(log_file api-server)" \
      "the API server to answer (kavactl get namespaces)" -- kavactl get namespaces ||
      die "the API server does not answer requests; see $(log_file api-server)"
  fi
}

# --- cluster DNS -----------------------------------------------------------------------------------

# The host's address on Docker's default bridge (172.17.0.1 on docker0 usually): pods are containers on
# that bridge and reach the host there. Empty when Docker or the bridge is missing.
docker_bridge_address() {
  local address dev
  address=$(docker network inspect bridge --format '{{range .IPAM.Config}}{{.Gateway}}{{end}}' 2>/dev/null || true)
  if [[ -z $address ]]; then
    # Docker 20.10 leaves Gateway empty for the default bridge: read the bridge device's own address.
    dev=$(docker network inspect bridge --format '{{index .Options "com.docker.network.bridge.name"}}' 2>/dev/null || true)
    [[ -n $dev ]] && address=$(ip -4 -o addr show dev "$dev" 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | head -1)
  fi
  echo "$address"
}

# listening_tcp ADDRESS PORT -- true when a local socket listens there (looks with ss, sends nothing).
listening_tcp() { ss -Hltn src "$1:$2" 2>/dev/null | grep -q .; }

# The cluster DNS listens on the bridge address, where pods reach it; it registers the Service
# kube-system/kube-dns (ClusterIP 10.96.0.10, port 53) with itself as the endpoint, and kube-proxy DNATs
# 10.96.0.10:53 to it. Port 10053: unprivileged, and clear of any resolver of the host's own on 53.
start_dns() {
  local address port=$DNS_PORT
  address=$(docker_bridge_address)
  # Pods of other hosts reach it at the node's own address (their docker0 address is their own).
  [[ -n $ROUTED_NODE_IP ]] && address=$ROUTED_NODE_IP
  if [[ -z $address ]]; then
    warn "dns: Docker's bridge has no address; listening on 127.0.0.1, where pods cannot reach it"
    address=127.0.0.1
  fi
  start_java dns dns --server "$(api_servers)" --kubeconfig "$(kubeconfig_of dns)" --listen "$address:$port" \
    --service-cluster-ip-range "$SERVICE_CIDR" --cluster-ip "$(cluster_dns_ip)" || return 0
  wait_for --timeout 30 --pid-file "$(pid_file dns)" --log "$(log_file dns)" \
    "the cluster DNS to listen on $address:$port" -- listening_tcp "$address" "$port" ||
    warn "the cluster DNS did not start; pods cannot resolve Service names (see $(log_file dns))"
}

# --- nodes -----------------------------------------------------------------------------------------

# kubelet_network_flags NODE -- the kubelet's pod network flags; under cni a CNI dir per node (net.d, cache,
# and host-local's networks, which the kubelet puts under its node dir), as deploy/down.sh cleans them. One word per line.
kubelet_network_flags() {
  if [[ $NETWORK_PLUGIN != cni ]]; then
    printf '%s\n' --network-plugin docker
    return
  fi
  printf '%s\n' --network-plugin cni --cni-bin-dir "$CNI_BIN_DIR" --cni-conf-dir "$STATE_DIR/kubelet/$1/cni/net.d" \
    --cni-cache-dir "$STATE_DIR/kubelet/$1/cni/cache"
}

# The node IPAM controller's flags (upstream's), on whichever network plugin the kubelets use.
node_ipam_flags() { printf '%s\n' --allocate-node-cidrs --cluster-cidr "$CLUSTER_CIDR" --node-cidr-mask-size 24; }

# kube-proxy's pod range: Docker's bridge (its defaults) or the cluster CIDR, whose bridges hairpin through CNI.
kube_proxy_network_flags() {
  [[ $NETWORK_PLUGIN == cni ]] || return 0
  printf '%s\n' --cluster-cidr "$CLUSTER_CIDR" --hairpin-bridge ""
  # With --node-ip, as install.sh's kube-proxy: a route to each other node's podCIDR through its address.
  [[ -z $ROUTED_NODE_IP ]] || printf '%s\n' --route-pod-cidrs --hostname-override "$(node_name 1)"
}

# cis_kubelet_flags NODE -- what CIS asks of a kubelet beyond serving (docs/cis.md): its client and
# serving certificates renewed through CSRs before they expire, kept in its own --cert-dir, and a process
# limit on pods (kubelet_hardening_flags). One word per line.
cis_kubelet_flags() {
  printf '%s\n' --rotate-certificates --cert-dir "$STATE_DIR/kubelet/pki/$1"
  kubelet_hardening_flags
}

start_nodes() {
  local i name serving=() network=() cis=()
  for ((i = 1; i <= NODES; i++)); do
    name=$(node_name "$i")
    mapfile -t serving < <(kubelet_serving_flags "$name")
    mapfile -t cis < <(cis_kubelet_flags "$name")
    mapfile -t network < <(kubelet_network_flags "$name")
    daemon_alive "$(pid_file "kubelet-$name")" || KUBELET_STARTED[$name]=$(date -u +%FT%TZ)
    # KAVA_REGISTRY_PULLS=true lets the kubelets pull missing images; off by default, because a machine
    # without a registry would only send the engine's registry look-ups off the machine for nothing.
    start_java "kubelet-$name" kubelet --server "$(api_servers)" --kubeconfig "$(kubeconfig_of "kubelet-$name")" \
      --node-name "$name" --node-ip "$(node_ip "$i")" \
      --registry-pulls "${KAVA_REGISTRY_PULLS:-false}" --root-dir "$STATE_DIR/kubelet" \
      --cluster-dns "$(cluster_dns_ip)" --cluster-domain cluster.local \
      --port "${KAVA_KUBELET_PORT:-10250}" "${serving[@]}" "${cis[@]}" "${network[@]}" || true # streams (logs, exec, ...) on the node's own address
  done
  stop_extra_nodes
  start_hollow_nodes
}

# One JVM for every hollow node (docs/hollow-nodes.md), about 0.5 MB of heap each. A running one with
# another count is restarted; with --hollow-nodes 0 it is stopped and its Nodes deleted.
start_hollow_nodes() {
  local pid_f count_f running
  pid_f=$(pid_file hollow-nodes) count_f=$RUN_DIR/hollow-nodes.count
  running=$(cat "$count_f" 2>/dev/null || echo 0)
  if daemon_alive "$pid_f" && [[ $running != "$HOLLOW_NODES" ]]; then
    log "hollow-nodes: running $running nodes, asked for $HOLLOW_NODES; stopping it"
    stop_daemon hollow-nodes "$pid_f"
    ((HOLLOW_NODES > 0)) || delete_hollow_nodes
  fi
  ((HOLLOW_NODES > 0)) || return 0
  start_java hollow-nodes kubelet --main io.kava.kubelet.hollow.HollowNodesCommand \
    --java-opts "-Xmx$((256 + HOLLOW_NODES / 2))m -Xss256k" \
    --server "$(api_servers)" --kubeconfig "$(kubeconfig_of admin)" --count "$HOLLOW_NODES" --node-prefix hollow-node- ||
    return 0
  echo "$HOLLOW_NODES" >"$count_f"
}

delete_hollow_nodes() {
  kavactl delete nodes -l kava.io/hollow=true --ignore-not-found >/dev/null 2>&1 ||
    warn "could not delete the hollow Nodes; delete them with deploy/kavactl delete nodes -l kava.io/hollow=true"
}

# One kube-proxy for every node: all local nodes share this host's network stack, so one set of rules
# serves them all (docs/kube-proxy.md). Its chains carry the cluster's tag, so another cluster on this
# machine keeps its own.
start_kube_proxy() {
  local network=()
  mapfile -t network < <(kube_proxy_network_flags)
  start_java kube-proxy kube-proxy --server "$(api_servers)" --kubeconfig "$(kubeconfig_of kube-proxy)" --cluster-tag "$(cluster_tag)" \
    --service-cluster-ip-range "$SERVICE_CIDR" "${network[@]}" || true
}

# Nodes beyond --nodes that an earlier, larger up.sh started.
stop_extra_nodes() {
  local name node i keep
  while read -r name; do
    if [[ $name == kube-proxy-* ]]; then
      # One kube-proxy per node was the plan before kube-proxy existed; the host now runs one for all.
      log "$name: replaced by one kube-proxy for the host; stopping it"
      stop_daemon "$name" "$(pid_file "$name")"
      continue
    fi
    [[ $name == kubelet-* ]] || continue
    node=${name#kubelet-}
    keep=0
    for ((i = 1; i <= NODES; i++)); do [[ $node == "$(node_name "$i")" ]] && keep=1; done
    if ((keep == 0)); then
      log "$name: node $node is beyond --nodes $NODES; stopping it"
      stop_daemon "$name" "$(pid_file "$name")"
      [[ $name == kubelet-* ]] || continue
      remove_containers "$node"
      # Without its Node object the scheduler stops placing pods there.
      kavactl delete node "$node" --ignore-not-found >/dev/null 2>&1 ||
        warn "could not delete Node $node; delete it with deploy/kavactl delete node $node"
    fi
  done < <(recorded_processes)
}

# Prints "NAME READY-STATUS LAST-HEARTBEAT" per node from `kavactl get nodes -o yaml` (a List).
node_conditions() {
  kavactl get nodes -o yaml | awk '
    function flush() { if (name != "") print name, (ready == "" ? "Unknown" : ready), (hb == "" ? "-" : hb) }
    /^- /                  { flush(); name = ""; ready = ""; hb = ""; in_ready = 0 }
    /^    name: /          { if (name == "") name = $2 }
    /^    - type: /        { in_ready = ($3 == "Ready") }
    in_ready && /^      status: /            { gsub(/"/, "", $2); ready = $2 }
    in_ready && /^      lastHeartbeatTime: / { gsub(/"/, "", $2); hb = $2 }
    END { flush() }'
}

# Sets WAIT_STATUS to "READY/WANTED"; true when every node of ours is Ready. A kubelet this run
# started must also have reported since it started: after down.sh the Node objects still say Ready.
nodes_ready() {
  local out ready=0 i node n r hb
  out=$(node_conditions 2>/dev/null) || { WAIT_STATUS="0/$NODES, API server not answering"; return 1; }
  local -A cond=() beat=()
  while read -r n r hb; do [[ -n $n ]] && cond[$n]=$r beat[$n]=$hb; done <<<"$out"
  for ((i = 1; i <= NODES; i++)); do
    node=$(node_name "$i")
    [[ ${cond[$node]:-} == True ]] || continue
    [[ -z ${KUBELET_STARTED[$node]:-} || ! ${beat[$node]} < ${KUBELET_STARTED[$node]} ]] || continue
    ready=$((ready + 1))
  done
  local hollow=0
  if ((HOLLOW_NODES > 0)); then
    while read -r n r hb; do [[ $n == hollow-node-* && $r == True ]] && hollow=$((hollow + 1)); done <<<"$out"
  fi
  WAIT_STATUS="$ready/$NODES"
  ((HOLLOW_NODES > 0)) && WAIT_STATUS+=", hollow $hollow/$HOLLOW_NODES"
  ((ready == NODES && hollow >= HOLLOW_NODES))
}

wait_for_nodes() {
  ((NODES + HOLLOW_NODES > 0)) || return 0
  [[ -f $(module_jar kubelet) ]] || return 0
  if ! kavactl_built; then
    log "nodes: not waiting for Ready (kavactl is not built yet)"
    return 0
  fi
  local plural=s
  ((NODES == 1)) && plural=""
  wait_for --timeout "$READY_TIMEOUT" "$NODES node$plural to be Ready" -- nodes_ready ||
    die "not every node became Ready; see $LOG_DIR/kubelet-*.log"
  # The ServiceAccount admission refuses pods in "default" until the controller manager has made its
  # ServiceAccount; by now it nearly always has, and a first `kavactl run` must not meet that refusal.
  wait_for --timeout 60 "the default ServiceAccount" -- kavactl get serviceaccount default -n default -o name ||
    die "the controller manager made no default ServiceAccount; see $(log_file controller-manager)"
}

# --- main ------------------------------------------------------------------------------------------

summary() {
  local name i names=(etcd api-server scheduler controller-manager dns)
  ((HA)) && names=(etcd-1 etcd-2 etcd-3 api-server api-server-2 scheduler scheduler-2 controller-manager
    controller-manager-2 dns)
  for ((i = 1; i <= NODES; i++)); do names+=("kubelet-$(node_name "$i")"); done
  ((HOLLOW_NODES > 0)) && names+=(hollow-nodes)
  names+=(kube-proxy)
  DEAD=0
  for name in "${names[@]}"; do
    if [[ -f $(pid_file "$name") ]] && ! daemon_alive "$(pid_file "$name")"; then
      STATUS[$name]="EXITED: see $(log_file "$name")"
      DEAD=1
    fi
  done
  if ((HA)); then
    log "cluster in $STATE_DIR (etcd $(etcd_endpoints), API servers $(api_servers)):"
  else
    log "cluster in $STATE_DIR (etcd $(etcd_endpoint), API server $(api_address)):"
  fi
  for name in "${names[@]}"; do
    [[ -n ${STATUS[$name]:-} ]] && printf '    %-28s %s\n' "$name" "${STATUS[$name]}" >&2
  done
  log "logs in $LOG_DIR; stop with deploy/down.sh (keeps data; --purge removes it)"
  if [[ $STATE_DIR == "$KAVA_ROOT/.kava" ]]; then
    log "try: deploy/kavactl get nodes   (as kubernetes-admin: it reads $ADMIN_KUBECONFIG itself)"
  else
    log "try: KAVA_HOME=$STATE_DIR deploy/kavactl get nodes   (with KAVA_HOME set, deploy/kavactl and"
    log "     deploy/down.sh find this cluster and its admin kubeconfig by themselves)"
  fi
  log "or:  export KUBECONFIG=$ADMIN_KUBECONFIG   (then kubectl/bin/kavactl connects as kubernetes-admin over TLS)"
}

main() {
  local start=$SECONDS
  parse_args "$@"
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$BIN_DIR"
  save_settings
  log "state dir $STATE_DIR"

  ((DO_PREREQS)) && "$KAVA_ROOT/deploy/install-prereqs.sh"
  [[ $NETWORK_PLUGIN != cni || -x $CNI_BIN_DIR/bridge ]] ||
    die "the cni pod network needs the CNI plugins in $CNI_BIN_DIR (deploy/install-prereqs.sh installs containernetworking-plugins), or KAVA_NETWORK_PLUGIN=docker"
  build_jars
  ensure_certificates
  ((DO_IMAGES)) && "$KAVA_ROOT/deploy/images/build-all.sh"

  if ((HA)); then start_etcd_cluster; else start_etcd; fi
  if ((ETCD_ONLY)); then
    log "etcd up in $((SECONDS - start))s (--etcd-only: nothing else started)"
    return 0
  fi
  if start_api_server; then
    local signing=()
    mapfile -t signing < <(cluster_signing_flags)
    ((HA)) && start_api_server api-server-2 "$API_PORT_2" --api-port-2
    local ca_flags ipam cis_cm=() cis_sched=()
    mapfile -t cis_cm < <(cis_controller_manager_flags)
    mapfile -t cis_sched < <(cis_scheduler_flags)
    start_java scheduler scheduler --server "$(api_servers)" --kubeconfig "$(kubeconfig_of scheduler)" "${cis_sched[@]}" || true
    mapfile -t ca_flags < <(root_ca_flags)
    mapfile -t ipam < <(node_ipam_flags)
    start_java controller-manager controller-manager --server "$(api_servers)" \
      --kubeconfig "$(kubeconfig_of controller-manager)" "${signing[@]}" --local-path-dir "$STATE_DIR/local-path" \
      "${ca_flags[@]}" "${ipam[@]}" "${cis_cm[@]}" || true
    if ((HA)); then
      # Two of each: one leads through its Lease in kube-system, the other stands by.
      start_java scheduler-2 scheduler --server "$(api_servers)" --kubeconfig "$(kubeconfig_of scheduler)" "${cis_sched[@]}" || true
      start_java controller-manager-2 controller-manager --server "$(api_servers)" \
        --kubeconfig "$(kubeconfig_of controller-manager)" "${signing[@]}" --local-path-dir "$STATE_DIR/local-path" \
        "${ca_flags[@]}" "${ipam[@]}" "${cis_cm[@]}" || true
    fi
    start_dns
    start_nodes
    start_kube_proxy
    wait_for_nodes
  else
    log "the API server is not built: nothing else can start yet"
  fi
  prune_snapshots
  summary
  ((DEAD == 0)) || die "some processes exited after they started (see above)"
  log "up in $((SECONDS - start))s"
}

main "$@"
