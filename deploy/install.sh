#!/usr/bin/env bash
# Installs Kava on a Linux host, as k3s's install script does (docs/operations.md, "Installing on
# hosts"). Needs root; installs what is missing (deploy/install-prereqs.sh) and builds the jars when
# needed. Re-running is harmless: unchanged units are left running, changed ones restarted.
#
#   deploy/install.sh server [options]   etcd, the API server (port 6443), scheduler, controller manager,
#                                        this host's kubelet and kube-proxy; prints the join command
#   deploy/install.sh agent --server https://HOST:6443 --token TOKEN [options]
#                                        joins: the kubelet (client certificate through a CSR the token
#                                        authorizes) and kube-proxy
#   deploy/install.sh uninstall [--state-dir DIR]
#                                        stops and removes the units, kube-proxy's chains and routes, the
#                                        CNI state and this node's containers, then the state directory
# Options: --node-name NAME (default: the host name)   --node-ip IP (default: the first global IPv4 address)
#          --labels k=v[,k=v]   --taints k=v:Effect[,...]   --state-dir DIR (default /var/lib/kava)
#          --api-port P (server, 6443)   --cluster-cidr CIDR (10.244.0.0/16)   --service-cidr CIDR (10.96.0.0/16)
#          --dns-port P (server, 10053: the cluster DNS on --node-ip, behind the Service IP 10.96.0.10:53)
#          --no-build (use the jars as built)
#          In an image (kava/kava's KAVA_ROLE=agent): --no-prereqs (the image has them and runs its own dockerd)
#          --run-in-place (the units run the jars where they are, no copies under DIR/bin)
# Env:     KAVA_READY_TIMEOUT (seconds to wait for the node to be Ready, default 90 on a server, 120 on an agent)
# Units (kava-etcd, kava-apiserver, kava-scheduler, kava-controller-manager, kava-dns, kava-kubelet, kava-proxy)
# go to /etc/systemd/system when systemd is PID 1, else to DIR/units, run by deploy/supervise.sh.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/state.sh
source "$KAVA_ROOT/deploy/state.sh"
# shellcheck source=deploy/cluster.sh
source "$KAVA_ROOT/deploy/cluster.sh"

SERVER_UNITS=(kava-etcd kava-apiserver kava-scheduler kava-controller-manager kava-dns kava-kubelet kava-proxy)
AGENT_UNITS=(kava-kubelet kava-proxy)
ALL_UNITS=("${SERVER_UNITS[@]}")
SYSTEMD_DIR=/etc/systemd/system
JOIN_MAIN=io.kava.kubelet.bootstrap.JoinMain

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d'; }

parse_args() {
  ROLE=${1:-}
  [[ $ROLE == server || $ROLE == agent || $ROLE == uninstall ]] || { usage >&2; die "the first argument is server, agent or uninstall"; }
  shift
  NODE_NAME="" NODE_IP="" LABELS="" TAINTS="" STATE_ARG=/var/lib/kava API_PORT=6443 SERVER="" TOKEN=""
  CLUSTER_CIDR=10.244.0.0/16 SERVICE_CIDR=10.96.0.0/16 DNS_PORT=10053 DO_BUILD=1 DO_PREREQS=1 RUN_IN_PLACE=0
  while [[ $# -gt 0 ]]; do
    case $1 in
      --node-name | --node-ip | --labels | --taints | --state-dir | --api-port | --server | --token | --cluster-cidr | --service-cidr | --dns-port)
        [[ $# -ge 2 ]] || die "$1 needs a value"
        case $1 in
          --node-name) NODE_NAME=$2 ;; --node-ip) NODE_IP=$2 ;; --labels) LABELS=$2 ;; --taints) TAINTS=$2 ;;
          --state-dir) STATE_ARG=$2 ;; --api-port) API_PORT=$2 ;; --server) SERVER=$2 ;; --token) TOKEN=$2 ;;
          --cluster-cidr) CLUSTER_CIDR=$2 ;; --service-cidr) SERVICE_CIDR=$2 ;; --dns-port) DNS_PORT=$2 ;;
        esac
        shift 2
        ;;
      --no-build) DO_BUILD=0; shift ;;
      --no-prereqs) DO_PREREQS=0; shift ;;
      --run-in-place) RUN_IN_PLACE=1; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown option: $1 (see --help)" ;;
    esac
  done
  use_state_dir "$STATE_ARG"
  UNIT_STATE=$STATE_DIR/units ENV_FILE=$STATE_DIR/kava.env
  [[ $ROLE == uninstall ]] && return 0
  [[ -n $NODE_NAME ]] || NODE_NAME=$(hostname | tr '[:upper:]' '[:lower:]')
  [[ $NODE_NAME =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "--node-name must be a DNS name, got '$NODE_NAME'"
  [[ -n $NODE_IP ]] || NODE_IP=$(ip -4 -o addr show scope global 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | head -1)
  [[ $NODE_IP =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]] || die "--node-ip must be an IPv4 address, got '${NODE_IP:-none found}'"
  [[ $API_PORT =~ ^[0-9]+$ ]] || die "--api-port must be a number, got '$API_PORT'"
  [[ $DNS_PORT =~ ^[0-9]+$ ]] && ((DNS_PORT >= 1 && DNS_PORT <= 65535)) || die "--dns-port must be a port number, got '$DNS_PORT'"
  [[ -z $LABELS || $LABELS =~ ^[^=,]+=[^=,]*(,[^=,]+=[^=,]*)*$ ]] || die "--labels must be k=v[,k=v...], got '$LABELS'"
  [[ -z $TAINTS || $TAINTS =~ ^[^=,:]+(=[^=,:]*)?:(NoSchedule|PreferNoSchedule|NoExecute)(,[^=,:]+(=[^=,:]*)?:(NoSchedule|PreferNoSchedule|NoExecute))*$ ]] ||
    die "--taints must be key[=value]:NoSchedule|PreferNoSchedule|NoExecute[,...], got '$TAINTS'"
  if [[ $ROLE == agent ]]; then
    [[ $SERVER =~ ^https://[^/]+:[0-9]+/?$ ]] || die "agent needs --server https://HOST:PORT (the server's join command prints it)"
    [[ -n $TOKEN || -f $STATE_DIR/kubelet.kubeconfig ]] || die "agent needs --token TOKEN (on the server: deploy/kavactl token create --print-join-command)"
  fi
  return 0
}

# --- how the units run ------------------------------------------------------------------------------

systemd_running() { [[ $(cat /proc/1/comm 2>/dev/null) == systemd && -d /run/systemd/system ]] && have systemctl; }
unit_dir() { if systemd_running; then echo "$SYSTEMD_DIR"; else echo "$UNIT_STATE"; fi; }

# write_unit UNIT DESCRIPTION [AFTER-UNIT] -- the unit file as k3s ships its own; the command itself is
# the run script bin/UNIT (written by write_run_script), which the supervisor runs too.
write_unit() {
  local unit=$1 what=$2 after=${3:-} file tmp
  file=$(unit_dir)/$unit.service tmp=$(mktemp)
  {
    printf '%s\n' '[Unit]' "Description=Kava $what" "Documentation=file://$KAVA_ROOT/docs/operations.md" \
      'Wants=network-online.target' "After=network-online.target${after:+ $after.service}"
    printf '%s\n' '' '[Install]' 'WantedBy=multi-user.target' ''
    printf '%s\n' '[Service]' 'Type=simple' "EnvironmentFile=-$ENV_FILE" 'KillMode=process' 'Delegate=yes' \
      'LimitNOFILE=1048576' 'LimitNPROC=infinity' 'LimitCORE=infinity' 'TasksMax=infinity' 'TimeoutStartSec=0' \
      'Restart=always' 'RestartSec=5s' "ExecStart=$STATE_DIR/bin/$unit"
  } >"$tmp"
  install_if_changed "$tmp" "$file" "$unit"
}

# write_run_script UNIT COMMAND... -- bin/UNIT: exec of the command, its words quoted.
write_run_script() {
  local unit=$1 tmp
  shift
  tmp=$(mktemp)
  { printf '#!/bin/bash\n# Written by deploy/install.sh: what unit %s runs.\nexec' "$unit"; printf ' %q' "$@"; printf '\n'; } >"$tmp"
  chmod 755 "$tmp"
  install_if_changed "$tmp" "$STATE_DIR/bin/$unit" "$unit"
}

# Moves TMP to FILE unless FILE already says the same; a changed unit is restarted by start_units.
declare -A CHANGED=()
install_if_changed() {
  local tmp=$1 file=$2 unit=$3
  mkdir -p "$(dirname "$file")"
  if [[ -f $file ]] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    return 0
  fi
  mv "$tmp" "$file"
  chmod go-w "$file"
  CHANGED[$unit]=1
}

supervisor_pid_file() { echo "$RUN_DIR/$1.pid"; }

start_units() {
  local unit pid_f
  if systemd_running; then
    systemctl daemon-reload
    for unit in "$@"; do
      if [[ -n ${CHANGED[$unit]:-} ]] && systemctl is-active -q "$unit"; then
        systemctl restart "$unit"
      fi
      systemctl enable --now "$unit"
    done
    log "units enabled and started with systemd: $*; logs: journalctl -u UNIT"
    return 0
  fi
  log "systemd is not running (PID 1 is $(cat /proc/1/comm 2>/dev/null || echo unknown)): running the units under kava's supervisor"
  for unit in "$@"; do
    pid_f=$(supervisor_pid_file "$unit")
    if [[ -n ${CHANGED[$unit]:-} ]] && daemon_alive "$pid_f"; then
      log "$unit: its unit changed; restarting it"
      stop_daemon "$unit" "$pid_f"
    fi
    start_daemon "$unit" "$pid_f" "$LOG_DIR/$unit.log" "$KAVA_ROOT/deploy/supervise.sh" "$UNIT_STATE/$unit.service" \
      "$RUN_DIR/$unit.child.pid"
  done
}

stop_units() {
  local unit dir=$SYSTEMD_DIR
  if systemd_running; then
    for unit in "${ALL_UNITS[@]}"; do
      [[ -f $dir/$unit.service ]] || continue
      systemctl disable --now "$unit" >/dev/null 2>&1 || true
      rm -f "$dir/$unit.service"
      log "$unit: stopped and removed"
    done
    systemctl daemon-reload
  fi
  # Kubelet and kube-proxy first, etcd last.
  for ((i = ${#ALL_UNITS[@]} - 1; i >= 0; i--)); do
    unit=${ALL_UNITS[i]}
    [[ -f $(supervisor_pid_file "$unit") ]] && stop_daemon "$unit" "$(supervisor_pid_file "$unit")"
  done
  return 0
}

# --- what each unit runs ------------------------------------------------------------------------------

# install_jars -- a copy of each module's jar and libraries under DIR/bin (cluster.sh's snapshot),
# so a rebuild of the checkout never changes what runs; the JVM options of deploy/jvm beside them.
install_jars() {
  local m
  build_jars
  for m in "${PROCESS_MODULES[@]}"; do
    [[ -f $(module_jar "$m") ]] || die "$m/target/kava-$m.jar is missing (run without --no-build)"
    JAR_DIR[$m]=$(snapshot "$m")
  done
  mkdir -p "$STATE_DIR/jvm"
  cp "$KAVA_ROOT"/deploy/jvm/*.options "$STATE_DIR/jvm/"
}
declare -A JAR_DIR=()

# java_command MODULE -- the words that start a module's main class, JVM options as up.sh's.
java_command() {
  local m=$1 words=(java "@$STATE_DIR/jvm/common.options")
  [[ -f $STATE_DIR/jvm/$m.options ]] && words+=("@$STATE_DIR/jvm/$m.options")
  printf '%s\n' "${words[@]}" -jar "${JAR_DIR[$m]}/kava-$m.jar"
}

# supports MODULE FLAG -- the module's --help names FLAG (a part of issue 13 another branch adds).
declare -A HELP_TEXT=()
supports() {
  local m=$1
  [[ -n ${HELP_TEXT[$m]:-} ]] || HELP_TEXT[$m]=$(java -XX:TieredStopAtLevel=1 -jar "${JAR_DIR[$m]}/kava-$m.jar" --help 2>&1 </dev/null || true)
  grep -q -- "$2\b" <<<"${HELP_TEXT[$m]}"
}

write_env_file() {
  local tmp
  tmp=$(mktemp)
  printf '%s\n' '# Written by deploy/install.sh; read by every kava-* unit.' "KAVA_NODE_NAME=$NODE_NAME" \
    "KAVA_NODE_IP=$NODE_IP" "KAVA_ROLE=$ROLE" "KAVA_SERVER=${SERVER:-https://$NODE_IP:$API_PORT}" \
    "KAVA_CLUSTER_CIDR=$CLUSTER_CIDR" "KAVA_SERVICE_CIDR=$SERVICE_CIDR" "KAVA_LABELS=$LABELS" "KAVA_TAINTS=$TAINTS" \
    "KAVA_STATE_DIR=$STATE_DIR" >"$tmp"
  install_if_changed "$tmp" "$ENV_FILE" env
  # Settings every unit reads: a changed env file restarts them all.
  [[ -n ${CHANGED[env]:-} ]] && for u in "${ALL_UNITS[@]}"; do CHANGED[$u]=1; done
  return 0
}

cni_kubelet_flags() {
  supports kubelet --network-plugin || return 0
  # One CNI dir per node (net.d, cache, and host-local's networks, which the kubelet keeps under its node
  # dir), as up.sh lays it out and CniCleanup reads it.
  printf '%s\n' --network-plugin cni --cni-bin-dir /usr/lib/cni --cni-conf-dir "$STATE_DIR/kubelet/$NODE_NAME/cni/net.d" \
    --cni-cache-dir "$STATE_DIR/kubelet/$NODE_NAME/cni/cache"
}

# kubelet_node_flags -- labels and taints at registration, where the kubelet has upstream's flags.
kubelet_node_flags() {
  [[ -n $LABELS ]] && supports kubelet --node-labels && printf '%s\n' --node-labels "$LABELS"
  [[ -n $TAINTS ]] && supports kubelet --register-with-taints && printf '%s\n' --register-with-taints "$TAINTS"
  return 0
}

proxy_command() {
  local kubeconfig=$1 cmd=()
  mapfile -t cmd < <(java_command kube-proxy)
  write_run_script kava-proxy "${cmd[@]}" --kubeconfig "$kubeconfig" --service-cluster-ip-range "$SERVICE_CIDR" \
    --cluster-cidr "$CLUSTER_CIDR" --route-pod-cidrs --hostname-override "$NODE_NAME" --run-dir "$RUN_DIR" \
    --hairpin-bridge ""
  write_unit kava-proxy "kube-proxy (Services and the routes to other hosts' pods)" kava-kubelet
}

write_server_units() {
  local cmd=() tls=() etcd=() secure=() backends=() sa=() audit=() signing=() ca=() serving=() cni=() node=() hardening=() extra=() cis=()
  local peer=https://127.0.0.1:2380 client=https://127.0.0.1:2379
  mapfile -t tls < <(etcd_tls_flags)
  mapfile -t etcd < <(etcd_command)
  prepare_etcd "$ETCD_DATA_DIR"
  write_run_script kava-etcd "${etcd[@]}" --name kava --data-dir "$ETCD_DATA_DIR" --listen-client-urls "$client" \
    --advertise-client-urls "$client" --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "kava=$peer" "${tls[@]}" --logger zap --log-level warn
  write_unit kava-etcd "etcd (the cluster's store)"

  mapfile -t cmd < <(java_command api-server)
  mapfile -t secure < <(secure_api_server_flags)
  mapfile -t backends < <(api_server_backend_flags)
  mapfile -t sa < <(service_account_api_flags)
  mapfile -t cis < <(cis_api_server_flags)
  cp "$KAVA_ROOT/deploy/audit-policy.yaml" "$STATE_DIR/audit-policy.yaml"
  audit=(--audit-policy-file "$STATE_DIR/audit-policy.yaml" --audit-log-path "$LOG_DIR/kava-apiserver-audit.log"
    --audit-log-maxage 30 --audit-log-maxbackup 10 --audit-log-maxsize 100)
  write_run_script kava-apiserver "${cmd[@]}" --listen "0.0.0.0:$API_PORT" --advertise-address "$NODE_IP" \
    --etcd-servers "$client" --service-cluster-ip-range "$SERVICE_CIDR" --encryption-provider-config "$(encryption_config)" \
    "${secure[@]}" "${backends[@]}" "${sa[@]}" "${audit[@]}" "${cis[@]}"
  write_unit kava-apiserver "API server" kava-etcd

  mapfile -t cmd < <(java_command scheduler)
  mapfile -t cis < <(cis_scheduler_flags)
  write_run_script kava-scheduler "${cmd[@]}" --kubeconfig "$(kubeconfig_of scheduler)" "${cis[@]}"
  write_unit kava-scheduler "scheduler" kava-apiserver

  mapfile -t cmd < <(java_command controller-manager)
  mapfile -t signing < <(cluster_signing_flags)
  mapfile -t ca < <(root_ca_flags)
  mapfile -t cis < <(cis_controller_manager_flags)
  supports controller-manager --allocate-node-cidrs &&
    extra+=(--allocate-node-cidrs --cluster-cidr "$CLUSTER_CIDR" --node-cidr-mask-size 24)
  write_run_script kava-controller-manager "${cmd[@]}" --kubeconfig "$(kubeconfig_of controller-manager)" \
    "${signing[@]}" "${ca[@]}" --local-path-dir "$STATE_DIR/local-path" "${extra[@]}" "${cis[@]}"
  write_unit kava-controller-manager "controller manager" kava-apiserver

  # The cluster DNS as up.sh runs it, on this host's own address (docker0 is no pod's way here: pods sit on
  # CNI bridges on every host), so pods of every host reach it through the kube-dns Service it registers.
  mapfile -t cmd < <(java_command dns)
  write_run_script kava-dns "${cmd[@]}" --kubeconfig "$(kubeconfig_of dns)" --listen "$NODE_IP:$DNS_PORT" \
    --service-cluster-ip-range "$SERVICE_CIDR" --cluster-ip "$(cluster_dns_ip)"
  write_unit kava-dns "cluster DNS (kube-dns)" kava-apiserver

  mapfile -t cmd < <(java_command kubelet)
  mapfile -t serving < <(kubelet_serving_flags "$NODE_NAME")
  mapfile -t cni < <(cni_kubelet_flags)
  mapfile -t node < <(kubelet_node_flags)
  mapfile -t hardening < <(kubelet_hardening_flags)
  write_run_script kava-kubelet "${cmd[@]}" --kubeconfig "$(kubeconfig_of "kubelet-$NODE_NAME")" \
    --node-name "$NODE_NAME" --node-ip "$NODE_IP" --registry-pulls false --root-dir "$STATE_DIR/kubelet" \
    --cluster-dns "$(cluster_dns_ip)" --cluster-domain cluster.local --port 10250 "${serving[@]}" "${cni[@]}" "${node[@]}" \
    --rotate-certificates --cert-dir "$STATE_DIR/kubelet/pki/$NODE_NAME" "${hardening[@]}"
  write_unit kava-kubelet "kubelet" kava-apiserver

  proxy_command "$(kubeconfig_of kube-proxy)"
}

write_agent_units() {
  local cmd=() cni=() node=() hardening=() auth=()
  mapfile -t cmd < <(java_command kubelet)
  mapfile -t cni < <(cni_kubelet_flags)
  mapfile -t node < <(kubelet_node_flags)
  mapfile -t hardening < <(kubelet_hardening_flags)
  # As up.sh's kubelets: callers need a client certificate of the cluster CA (the ca.crt the join checked)
  # and a SubjectAccessReview; the serving certificate comes through a kubelet-serving CSR.
  mapfile -t auth < <(kubelet_auth_flags "$STATE_DIR/ca.crt")
  # The kubelet's own certificate comes through a CSR the bootstrap kubeconfig's token authorizes.
  [[ -n $LABELS$TAINTS && ${#node[@]} -eq 0 ]] &&
    warn "this kubelet has no --node-labels/--register-with-taints: set them from the server (kavactl label/taint node $NODE_NAME)"
  write_run_script kava-kubelet "${cmd[@]}" --bootstrap-kubeconfig "$STATE_DIR/bootstrap.kubeconfig" \
    --kubeconfig "$STATE_DIR/kubelet.kubeconfig" --cert-dir "$PKI_DIR" --node-name "$NODE_NAME" --node-ip "$NODE_IP" \
    --registry-pulls false --root-dir "$STATE_DIR/kubelet" --cluster-dns "$(cluster_dns_ip)" --cluster-domain cluster.local \
    --port 10250 --rotate-certificates "${cni[@]}" "${node[@]}" "${hardening[@]}" "${auth[@]}"
  write_unit kava-kubelet "kubelet"
  # kube-proxy on an agent connects as its node (system:node-proxier is bound to system:nodes).
  proxy_command "$STATE_DIR/kubelet.kubeconfig"
}

# --- server and agent --------------------------------------------------------------------------------

admin_kavactl() { env -u KAVA_API_SERVER -u KAVA_CONFIG KUBECONFIG="$ADMIN_KUBECONFIG" "$KAVA_ROOT/deploy/kavactl" "$@" </dev/null; }
node_ready() {
  admin_kavactl get node "$NODE_NAME" -o yaml 2>/dev/null | awk '/- type: Ready/{r=1} r && /status:/{print; exit}' | grep -q True
}

# agent_node_ready -- the agent's Node is Ready, as its kubelet's own credentials see it.
agent_node_ready() {
  [[ -f $STATE_DIR/kubelet.kubeconfig ]] || return 1
  env -u KAVA_API_SERVER -u KAVA_CONFIG KUBECONFIG="$STATE_DIR/kubelet.kubeconfig" "$KAVA_ROOT/deploy/kavactl" \
    get node "$NODE_NAME" -o yaml </dev/null 2>/dev/null | awk '/- type: Ready/{r=1} r && /status:/{print; exit}' | grep -q True
}

# apply_node_settings -- labels and taints where the kubelet could not register them itself.
apply_node_settings() {
  local label taint
  if [[ -n $LABELS ]] && ! supports kubelet --node-labels; then
    for label in ${LABELS//,/ }; do admin_kavactl label node "$NODE_NAME" "$label" --overwrite >/dev/null; done
  fi
  if [[ -n $TAINTS ]] && ! supports kubelet --register-with-taints; then
    for taint in ${TAINTS//,/ }; do admin_kavactl taint nodes "$NODE_NAME" "$taint" --overwrite >/dev/null 2>&1 || true; done
  fi
}

# print_join_command -- a fresh bootstrap token (kavactl token create) as the agent's command line,
# also written to DIR/join-command (0600).
print_join_command() {
  local out token
  if ! out=$(admin_kavactl token create --print-join-command 2>&1); then
    warn "no join command: kavactl token create failed ($out)"
    return 0
  fi
  token=$(grep -oE 'K10[0-9a-f]{64}::[a-z0-9]{6}\.[a-z0-9]{16}' <<<"$out" | head -1)
  [[ -n $token ]] || { warn "no token in the output of kavactl token create: $out"; return 0; }
  (umask 077; echo "$KAVA_ROOT/deploy/install.sh agent --server https://$NODE_IP:$API_PORT --token $token" >"$STATE_DIR/join-command")
  log "join another host with (token valid 24h; a new one: deploy/kavactl token create --print-join-command):"
  echo "$KAVA_ROOT/deploy/install.sh agent --server https://$NODE_IP:$API_PORT --token $token"
}

server() {
  log "server $NODE_NAME ($NODE_IP), state in $STATE_DIR"
  ((DO_PREREQS == 0)) || "$KAVA_ROOT/deploy/install-prereqs.sh"
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$RUN_DIR" "$BIN_DIR"
  chmod 700 "$STATE_DIR"
  install_jars
  cluster_certificates "$NODE_IP:$API_PORT" --address "$NODE_IP" --address 127.0.0.1 --node "$NODE_NAME=$NODE_IP"
  service_account_files
  write_env_file
  write_server_units
  start_units "${SERVER_UNITS[@]}"
  wait_for --timeout 90 "the API server on $NODE_IP:$API_PORT to answer" -- admin_kavactl get namespaces ||
    die "the API server does not answer; see $LOG_DIR/kava-apiserver.log"
  wait_for --timeout "${KAVA_READY_TIMEOUT:-90}" "node $NODE_NAME to be Ready" -- node_ready || die "node $NODE_NAME is not Ready; see $LOG_DIR/kava-kubelet.log"
  apply_node_settings
  log "admin kubeconfig: $ADMIN_KUBECONFIG (KUBECONFIG=$ADMIN_KUBECONFIG kubectl/bin/kavactl get nodes)"
  print_join_command
}

agent() {
  log "agent $NODE_NAME ($NODE_IP) joining $SERVER, state in $STATE_DIR"
  ((DO_PREREQS == 0)) || "$KAVA_ROOT/deploy/install-prereqs.sh"
  mkdir -p "$STATE_DIR" "$LOG_DIR" "$RUN_DIR" "$BIN_DIR" "$PKI_DIR"
  chmod 700 "$STATE_DIR"
  install_jars
  if [[ -f $STATE_DIR/kubelet.kubeconfig ]]; then
    log "join: already joined ($STATE_DIR/kubelet.kubeconfig exists); the token is not used again"
  else
    # A jar's entry names are plain text in its central directory: grep finds the class where neither
    # unzip nor the JDK's jar tool is installed (a JRE-only image).
    grep -qaF "${JOIN_MAIN//.//}.class" "${JAR_DIR[kubelet]}/kava-kubelet.jar" ||
      die "this build cannot join yet: the kubelet has no $JOIN_MAIN"
    # Checks the server's CA against the token's pin before sending the token; writes the bootstrap kubeconfig.
    java -cp "${JAR_DIR[kubelet]}/kava-kubelet.jar:${JAR_DIR[kubelet]}/lib/*" "$JOIN_MAIN" --server "$SERVER" \
      --token "$TOKEN" --out "$STATE_DIR" </dev/null || die "could not join $SERVER (see the line above)"
  fi
  write_env_file
  write_agent_units
  start_units "${AGENT_UNITS[@]}"
  # As the server waits for its own node: the client certificate through the CSR, then the Node Ready.
  wait_for --timeout "${KAVA_READY_TIMEOUT:-120}" "node $NODE_NAME to be Ready (its CSR approved, its kubelet registered)" -- agent_node_ready ||
    die "node $NODE_NAME is not Ready; see $LOG_DIR/kava-kubelet.log"
  log "agent $NODE_NAME joined: Ready (logs in $LOG_DIR)"
}

# cleanup_cni DIR -- once the node's containers are gone: CNI DEL of every sandbox still cached (frees the
# address, drops portmap's and firewall's rules), the network list, host-local's store and the kbr-* bridge;
# the pod network guard too once no kbr-* bridge is left on the host (CniCleanup, as deploy/down.sh runs it).
cleanup_cni() {
  local dir=$1 jar
  [[ -d $dir ]] || return 0
  jar=$(ls -d "$BIN_DIR"/kubelet-*/kava-kubelet.jar 2>/dev/null | head -1 || true)
  [[ -n $jar ]] || { warn "cni: no kubelet jar under $BIN_DIR; the kbr-* bridge and CNI state remain"; return 0; }
  if java -cp "$jar:$(dirname "$jar")/lib/*" io.kava.kubelet.network.CniCleanup --remove-guard "$dir" \
    >>"$LOG_DIR/cni-cleanup.log" 2>&1 </dev/null; then
    log "cni: deleted the pod network, its bridge and host-local state"
  else
    warn "cni: the cleanup failed; see $LOG_DIR/cni-cleanup.log"
  fi
}

uninstall() {
  [[ -d $STATE_DIR ]] || { log "nothing installed in $STATE_DIR"; return 0; }
  local node="" cidr=$CLUSTER_CIDR service=$SERVICE_CIDR role="" proxy_jar
  if [[ -f $ENV_FILE ]]; then
    node=$(sed -n 's/^KAVA_NODE_NAME=//p' "$ENV_FILE") role=$(sed -n 's/^KAVA_ROLE=//p' "$ENV_FILE")
    cidr=$(sed -n 's/^KAVA_CLUSTER_CIDR=//p' "$ENV_FILE") service=$(sed -n 's/^KAVA_SERVICE_CIDR=//p' "$ENV_FILE")
  fi
  stop_units
  proxy_jar=$(ls -d "$BIN_DIR"/kube-proxy-*/kava-kube-proxy.jar 2>/dev/null | head -1 || true)
  if [[ -n $proxy_jar ]]; then
    java -jar "$proxy_jar" --cleanup --service-cluster-ip-range "$service" --cluster-cidr "$cidr" --run-dir "$RUN_DIR" \
      >>"$LOG_DIR/kava-proxy.log" 2>&1 </dev/null && log "kube-proxy --cleanup: chains, guard and pod routes removed" ||
      warn "kube-proxy --cleanup failed; see $LOG_DIR/kava-proxy.log"
  fi
  [[ -n $node ]] && remove_containers "$node"
  [[ -n $node ]] && cleanup_cni "$STATE_DIR/kubelet/$node/cni"
  rm -rf "$UNIT_STATE"
  rm -rf "${STATE_DIR:?}"
  log "uninstalled: units, processes, chains, routes, CNI state, containers of node ${node:-?} and $STATE_DIR"
  # As upstream, a kubelet may not delete its own Node (kubeadm reset and k3s's uninstall leave it too).
  [[ $role == agent && -n $node ]] &&
    log "on the server, take the node out of the cluster (its routes on the other hosts go with it): deploy/kavactl delete node $node"
  return 0
}

main() {
  parse_args "$@"
  as_root_or_die "installing Kava's units"
  "$ROLE"
}

main "$@"
