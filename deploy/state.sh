# shellcheck shell=bash disable=SC2034 # the variables set here are read by the scripts that source it
# The local cluster's state directory and settings, shared by up.sh, down.sh and kavactl.
# Source after lib.sh.
#
# State directory (--state-dir, else $KAVA_HOME, else <repo>/.kava):
#   cluster.env   settings of the last up.sh (ports, nodes, ...); the defaults of the next run (0600)
#   pki/          the cluster CA, the API server's serving certificate, every identity's client certificate
#                 (keys 0600; deploy/up.sh's ensure_certificates, docs/security.md)
#   *.kubeconfig  one per identity: admin (kavactl: deploy/kavactl reads it, or export KUBECONFIG=...),
#                 scheduler, controller-manager, kube-proxy, dns, kubelet-<node>
#   config        kavactl's config file of older up.sh runs (context kava-<api port>, no credentials)
#   etcd/         etcd's data (kept by down.sh unless --purge); etcd-1/ etcd-2/ etcd-3/ with HA
#   logs/         one log per process
#   run/          pid files (pid and start time) and the build each process runs
#   bin/          copies of the jars the processes run, so a rebuild never changes a running jar
#
# Settings, each from (highest first) a flag, an environment variable, cluster.env, the default:
#   ETCD_PORT       --etcd-port       KAVA_ETCD_PORT       2379
#   ETCD_PEER_PORT  --etcd-peer-port  KAVA_ETCD_PEER_PORT  ETCD_PORT + 1
#   API_PORT        --api-port        KAVA_API_PORT        6443
#   NODES           --nodes           KAVA_NODES           2
#   HOLLOW_NODES    --hollow-nodes    KAVA_HOLLOW_NODES    0            (hollow nodes, in one JVM: docs/hollow-nodes.md)
#   NODE_PREFIX     --node-prefix     KAVA_NODE_PREFIX     kava-node-   (names kava-node-1, kava-node-2, ...)
#   FIRST_NODE_IP   --first-node-ip   KAVA_FIRST_NODE_IP   127.0.0.11   (then 127.0.0.12, ...)
#   SERVICE_CIDR    --service-cidr    KAVA_SERVICE_CIDR    10.96.0.0/16 (the API server's and kube-proxy's service range)
#   DNS_PORT        --dns-port        KAVA_DNS_PORT        10053        (the cluster DNS's port on the docker0 address)
#   HA              --ha              KAVA_HA              0            (1: 3 etcd members, 2 API servers, 2 schedulers,
#                                                                        2 controller managers; see docs/operations.md)
#   API_PORT_2      --api-port-2      KAVA_API_PORT_2      API_PORT + 1 (HA only: the second API server)
# With HA, etcd member i (1..3) listens on ETCD_PORT + 2(i-1) for clients and ETCD_PEER_PORT + 2(i-1)
# for peers (2379/2380, 2381/2382, 2383/2384 by default) and keeps its data in etcd-<i>/. The HA
# settings are written to cluster.env only when HA is on, so a cluster.env of a single-member cluster
# reads as before.
#
# The cluster's iptables chains are named after its API port (cluster_tag: KV6443-SERVICES, ...), so two
# clusters on one machine never touch each other's rules.

SETTING_NAMES=(ETCD_PORT ETCD_PEER_PORT API_PORT NODES HOLLOW_NODES NODE_PREFIX FIRST_NODE_IP SERVICE_CIDR DNS_PORT HA API_PORT_2
  NETWORK_PLUGIN)
# The pod network of a new cluster (KAVA_NETWORK_PLUGIN): docker (Docker's bridge) or cni (a podCIDR and
# bridge kbr-<x> per node). A cluster.env written before the setting existed means docker.
DEFAULT_NETWORK_PLUGIN=cni
HA_MEMBERS=3

# use_state_dir [DIR] -- sets STATE_DIR (absolute) and the paths below it.
use_state_dir() {
  local dir=${1:-${KAVA_HOME:-$KAVA_ROOT/.kava}}
  [[ $dir == /* ]] || dir=$PWD/$dir
  STATE_DIR=${dir%/}
  SETTINGS_FILE=$STATE_DIR/cluster.env
  CONFIG_FILE=$STATE_DIR/config
  PKI_DIR=$STATE_DIR/pki
  ADMIN_KUBECONFIG=$STATE_DIR/admin.kubeconfig
  ETCD_DATA_DIR=$STATE_DIR/etcd
  LOG_DIR=$STATE_DIR/logs
  RUN_DIR=$STATE_DIR/run
  BIN_DIR=$STATE_DIR/bin
}

# load_settings -- defaults, then cluster.env, then KAVA_* environment variables.
load_settings() {
  ETCD_PORT=2379 ETCD_PEER_PORT="" API_PORT=6443 NODES=2 HOLLOW_NODES=0 NODE_PREFIX=kava-node- FIRST_NODE_IP=127.0.0.11
  SERVICE_CIDR=10.96.0.0/16 DNS_PORT=10053 HA=0 API_PORT_2="" NETWORK_PLUGIN=$DEFAULT_NETWORK_PLUGIN
  local key value name env
  if [[ -f $SETTINGS_FILE ]]; then
    grep -q '^NETWORK_PLUGIN=' "$SETTINGS_FILE" || NETWORK_PLUGIN=docker
    while IFS='=' read -r key value; do
      for name in "${SETTING_NAMES[@]}"; do
        [[ $key == "$name" ]] && printf -v "$name" '%s' "$value"
      done
    done <"$SETTINGS_FILE"
  fi
  for name in "${SETTING_NAMES[@]}"; do
    env="KAVA_$name"
    [[ -n ${!env:-} ]] && printf -v "$name" '%s' "${!env}"
  done
  return 0
}

# check_settings -- validates, fills ETCD_PEER_PORT; dies with one clear line on a bad value.
check_settings() {
  local name
  for name in ETCD_PORT API_PORT NODES HOLLOW_NODES DNS_PORT; do
    [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a number, got '${!name}'"
  done
  [[ -n $ETCD_PEER_PORT ]] || ETCD_PEER_PORT=$((ETCD_PORT + 1))
  [[ $HA == 0 || $HA == 1 ]] || die "HA must be 0 or 1, got '$HA'"
  [[ -n $API_PORT_2 ]] || API_PORT_2=$((API_PORT + 1))
  [[ $API_PORT_2 =~ ^[0-9]+$ ]] || die "API_PORT_2 must be a number, got '$API_PORT_2'"
  [[ $ETCD_PEER_PORT =~ ^[0-9]+$ ]] || die "ETCD_PEER_PORT must be a number, got '$ETCD_PEER_PORT'"
  [[ $FIRST_NODE_IP =~ ^127\.([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] ||
    die "first node IP must be in 127.0.0.0/8 (every such address is local), got '$FIRST_NODE_IP'"
  ((${FIRST_NODE_IP##*.} + NODES - 1 <= 254)) || die "$NODES nodes from $FIRST_NODE_IP run past .254"
  [[ $NODE_PREFIX =~ ^[a-z0-9]([-a-z0-9.]*)$ ]] || die "node prefix must be a DNS name prefix, got '$NODE_PREFIX'"
  [[ $SERVICE_CIDR =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}/[0-9]{1,2}$ ]] ||
    die "service CIDR must be an IPv4 range such as 10.96.0.0/16, got '$SERVICE_CIDR'"
  [[ $NETWORK_PLUGIN == docker || $NETWORK_PLUGIN == cni ]] ||
    die "KAVA_NETWORK_PLUGIN must be docker or cni, got '$NETWORK_PLUGIN'"
}

# settings_text --all|--without-nodes -- the settings as cluster.env lines. A peer port that is the
# default (client port + 1) is written empty, so it follows the client port next time.
settings_text() {
  local name value
  for name in "${SETTING_NAMES[@]}"; do
    [[ $1 == --without-nodes && ($name == NODES || $name == HOLLOW_NODES) ]] && continue
    [[ $name == HOLLOW_NODES && $HOLLOW_NODES == 0 ]] && continue # cluster.env of a cluster without them reads as before
    [[ $HA == 0 && ($name == HA || $name == API_PORT_2) ]] && continue
    [[ $name == NETWORK_PLUGIN && $NETWORK_PLUGIN == docker ]] && continue # no line means docker (older cluster.env too)
    value=${!name}
    [[ $name == ETCD_PEER_PORT && $value == "$((ETCD_PORT + 1))" ]] && value=""
    [[ $name == API_PORT_2 && $value == "$((API_PORT + 1))" ]] && value=""
    printf '%s=%s\n' "$name" "$value"
  done
}

# 0600: up.sh builds every command line from it, so it is Kava's "pod specification file" (CIS 1.1.1).
save_settings() {
  settings_text --all >"$SETTINGS_FILE"
  chmod 600 "$SETTINGS_FILE"
}

node_name() { echo "$NODE_PREFIX$1"; }

# etcd member I (1..3) of an HA cluster: its client and peer ports.
etcd_member_port() { echo $((ETCD_PORT + 2 * ($1 - 1))); }
etcd_member_peer_port() { echo $((ETCD_PEER_PORT + 2 * ($1 - 1))); }
# etcd serves clients and peers over TLS with client certificates required (issue 12, kubeadm's etcd):
# etcdctl connects with the etcd CA and kubeadm's etcd/healthcheck-client certificate.
etcd_url() { echo "https://127.0.0.1:$1"; }
etcdctl_tls() {
  ETCDCTL_API=3 etcdctl --cacert="$PKI_DIR/etcd/ca.crt" --cert="$PKI_DIR/etcd/healthcheck-client.crt" \
    --key="$PKI_DIR/etcd/healthcheck-client.key" "$@"
}
# Every API server's host:port, comma-separated: what each component's --server and kavactl get.
api_servers() {
  if ((HA)); then echo "127.0.0.1:$API_PORT,127.0.0.1:$API_PORT_2"; else echo "127.0.0.1:$API_PORT"; fi
}
# The prefix of this cluster's iptables chains (kube-proxy --cluster-tag): unique per API port.
cluster_tag() { echo "KV$API_PORT"; }
# Node 1's address is up.sh's --node-ip when given (ROUTED_NODE_IP: a node other hosts route to).
node_ip() {
  if [[ $1 == 1 && -n ${ROUTED_NODE_IP:-} ]]; then
    echo "$ROUTED_NODE_IP"
  else
    echo "${FIRST_NODE_IP%.*}.$((${FIRST_NODE_IP##*.} + $1 - 1))"
  fi
}

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

# Names of the processes that have a pid file, in the order they should stop (nodes first, etcd last).
recorded_processes() {
  local f name nodes=() others=() etcd=()
  [[ -d $RUN_DIR ]] || return 0
  for f in "$RUN_DIR"/*.pid; do
    [[ -e $f ]] || continue
    name=$(basename "$f" .pid)
    case $name in
      kubelet-* | kube-proxy-* | hollow-nodes) nodes+=("$name") ;; # kube-proxy-<node>: left by an older up.sh
      etcd | etcd-[0-9]*) etcd+=("$name") ;;
      *) others+=("$name") ;;
    esac
  done
  # Controllers before the API server they talk to.
  local ordered=() want n
  for want in kube-proxy controller-manager scheduler api-server; do
    for n in "${others[@]}"; do [[ $n == "$want" || $n == "$want-2" ]] && ordered+=("$n"); done
  done
  for n in "${others[@]}"; do
    [[ " ${ordered[*]} " == *" $n "* ]] || ordered=("$n" "${ordered[@]}")
  done
  printf '%s\n' "${nodes[@]}" "${ordered[@]}" "${etcd[@]}" | sed '/^$/d'
}

# any_process_running -- true when a process recorded in this state directory still runs.
any_process_running() {
  local name
  while read -r name; do
    daemon_alive "$(pid_file "$name")" && return 0
  done < <(recorded_processes)
  return 1
}

# Containers the kubelets created for these nodes (labels: see docs/operations.md).
remove_containers() {
  local node ids total=0
  if ! docker info >/dev/null 2>&1; then
    log "containers: the Docker engine does not answer; none removed"
    return 0
  fi
  for node in "$@"; do
    ids=$(docker ps -aq --filter label=io.kava.managed=true --filter "label=io.kava.node=$node")
    [[ -n $ids ]] || continue
    # shellcheck disable=SC2086 # one id per word
    docker rm -f $ids >/dev/null
    total=$((total + $(wc -w <<<"$ids")))
  done
  log "containers: removed $total (label io.kava.managed=true on nodes: ${*:-none})"
}
