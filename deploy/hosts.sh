#!/usr/bin/env bash
# Simulated Linux hosts on one machine (docs/operations.md, "Several hosts on one machine"): host N is
# the network namespace kava-h<N> with the address 10.250.0.<10+N>/24 on its eth0, a veth whose other
# end (kvh<N> in the root namespace) is a port of the root bridge kava-hosts (10.250.0.1/24). A host has
# lo, its subnet and forwarding on, and no default route: only the host subnet and the pod routes
# kube-proxy writes, so nothing a host sends can reach the uplink. Every host shares the machine's one
# Docker engine through /var/run/docker.sock.
#
# The guard comes first (deploy/netguard.sh, chains KAVA-POD-GUARD in filter and mangle): 10.250.0.0/24 is refused in the
# root namespace's OUTPUT and FORWARD (DNATed packets: in POSTROUTING) unless it goes out by kava-hosts, 10.244.0.0/16 unless by kbr+ or
# kava-hosts; a FORWARD accept for frames between the bridge's ports (chain KAVA-HOSTS: Docker's FORWARD
# policy is DROP and br_netfilter hands bridged frames to it).
#
# Usage: deploy/hosts.sh create N      make hosts 1..N (and remove hosts beyond N); idempotent
#        deploy/hosts.sh delete        stop what runs in them (by pid), remove every namespace, link,
#                                      rule and chain this script made; idempotent
#        deploy/hosts.sh list          one line per host: name address
#        deploy/hosts.sh cluster N [OPTION...]
#                                      create N hosts, deploy/install.sh server in kava-h1 and
#                                      deploy/install.sh agent in the others (what up.sh --hosts N runs);
#                                      OPTIONs go to every install.sh (--no-build: the jars as built)
# Env:   KAVA_HOSTS_STATE (state dirs of the hosts' installs, default <repo>/.kava-hosts/h<N>)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/netguard.sh
source "$KAVA_ROOT/deploy/netguard.sh"

BRIDGE=kava-hosts
HOST_SUBNET=10.250.0.0/24
BRIDGE_ADDRESS=10.250.0.1
CLUSTER_CIDR=10.244.0.0/16
FORWARD_CHAIN=KAVA-HOSTS
HOSTS_STATE=${KAVA_HOSTS_STATE:-$KAVA_ROOT/.kava-hosts}
# The guard rules create added (one "CIDR IFACE" a line), which delete removes; per machine, like the hosts.
GUARD_RECORD=/run/kava/hosts-guard-rules

host_ns() { echo "kava-h$1"; }
host_ip() { echo "10.250.0.$((10 + $1))"; }
host_state() { echo "$HOSTS_STATE/h$1"; }
existing_hosts() { ip netns list 2>/dev/null | awk '{print $1}' | sed -n 's/^kava-h\([0-9][0-9]*\)$/\1/p' | sort -n; }

ensure_guard() {
  mkdir -p "$(dirname "$GUARD_RECORD")"
  guard_reject "$HOST_SUBNET" "$BRIDGE" "$GUARD_RECORD"
  guard_reject "$CLUSTER_CIDR" "kbr+" "$GUARD_RECORD"
  guard_allow "$CLUSTER_CIDR" "$BRIDGE" # pod to pod between hosts crosses the bridge (br_netfilter)
}

ensure_forward_accept() {
  iptables -w -t filter -n -L "$FORWARD_CHAIN" >/dev/null 2>&1 || iptables -w -t filter -N "$FORWARD_CHAIN"
  iptables -w -t filter -C "$FORWARD_CHAIN" -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null ||
    iptables -w -t filter -A "$FORWARD_CHAIN" -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  # After the guard (position 1), before Docker's chains.
  iptables -w -t filter -C FORWARD -j "$FORWARD_CHAIN" 2>/dev/null || iptables -w -t filter -I FORWARD 2 -j "$FORWARD_CHAIN"
}

ensure_bridge() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip -4 addr show dev "$BRIDGE" | grep -q "inet $BRIDGE_ADDRESS/" || ip addr add "$BRIDGE_ADDRESS/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

ensure_host() {
  local i=$1 ns ip
  ns=$(host_ns "$i") ip=$(host_ip "$i")
  ip netns list | awk '{print $1}' | grep -qx "$ns" || ip netns add "$ns"
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    ip link del "kvh$i" 2>/dev/null || true # a root end left without its namespace
    ip link add "kvh$i" type veth peer name eth0 netns "$ns"
  fi
  ip link set "kvh$i" master "$BRIDGE" up
  ip -n "$ns" link set lo up
  ip -4 -n "$ns" addr show dev eth0 | grep -q "inet $ip/" || ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  # A new namespace starts with forwarding off: its pods' traffic to other hosts is forwarded.
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1
  log "$ns: $ip/24 on eth0 (root end kvh$i on $BRIDGE)"
}

# stop_host_processes NS -- what still runs in the namespace (the host's supervisors and processes,
# all started by this project in a namespace only it makes): SIGTERM by pid, then SIGKILL.
stop_host_processes() {
  local ns=$1 pids waited=0
  pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
  [[ -n ${pids// /} ]] || return 0
  log "$ns: stopping the processes still running in it (pids $pids)"
  # shellcheck disable=SC2086 # one pid per word
  kill -TERM $pids 2>/dev/null || true
  while [[ -n $(ip netns pids "$ns" 2>/dev/null) ]] && ((waited < 150)); do sleep 0.1; waited=$((waited + 1)); done
  pids=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
  # shellcheck disable=SC2086
  [[ -z ${pids// /} ]] || kill -KILL $pids 2>/dev/null || true
}

delete_host() {
  local i=$1 ns state
  ns=$(host_ns "$i") state=$(host_state "$i")
  if [[ -d $state ]] && ip netns list | awk '{print $1}' | grep -qx "$ns"; then
    ip netns exec "$ns" "$KAVA_ROOT/deploy/install.sh" uninstall --state-dir "$state" ||
      warn "$ns: install.sh uninstall failed; removing the host anyway"
  fi
  stop_host_processes "$ns"
  ip netns del "$ns" 2>/dev/null || true
  ip link del "kvh$i" 2>/dev/null || true
  log "$ns: removed"
}

create() {
  local n=$1 i
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 200)) || die "create needs a number of hosts from 1 to 200, got '$n'"
  as_root_or_die "making network namespaces"
  ensure_guard
  ensure_forward_accept
  ensure_bridge
  for ((i = 1; i <= n; i++)); do ensure_host "$i"; done
  for i in $(existing_hosts); do ((i <= n)) || delete_host "$i"; done
}

delete() {
  local i
  as_root_or_die "removing network namespaces"
  for i in $(existing_hosts); do delete_host "$i"; done
  # Root ends whose namespace went some other way.
  for i in $(ip -o link show 2>/dev/null | sed -n 's/^[0-9]*: kvh\([0-9][0-9]*\)[@:].*/\1/p'); do ip link del "kvh$i" 2>/dev/null || true; done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link del "$BRIDGE"
    log "$BRIDGE: removed"
  fi
  if iptables -w -t filter -n -L "$FORWARD_CHAIN" >/dev/null 2>&1; then
    while iptables -w -t filter -D FORWARD -j "$FORWARD_CHAIN" 2>/dev/null; do :; done
    iptables -w -t filter -F "$FORWARD_CHAIN"
    iptables -w -t filter -X "$FORWARD_CHAIN"
  fi
  # The guard goes last, only the rules create added: its REJECTs are the pod network's own too
  # (PodNetworkGuard writes the same rules), which stay when the kubelet put them in first.
  guard_unallow "$CLUSTER_CIDR" "$BRIDGE"
  local cidr iface
  if [[ -f $GUARD_RECORD ]]; then
    while read -r cidr iface; do guard_unreject "$cidr" "$iface"; done <"$GUARD_RECORD"
    rm -f "$GUARD_RECORD"
  fi
  guard_remove_if_empty
  rmdir "$HOSTS_STATE" 2>/dev/null || true # the hosts' state dirs went with their uninstall
  log "removed every simulated host, $BRIDGE, chain $FORWARD_CHAIN and the guard of $HOST_SUBNET"
}

list() {
  local i
  for i in $(existing_hosts); do echo "$(host_ns "$i") $(host_ip "$i")"; done
}

# cluster N -- the multi-host cluster of up.sh --hosts N: host 1 the server, the others agents, each
# joined through install.sh agent and the join command the server printed (the real join path).
cluster() {
  local n=$1 i join
  shift
  create "$n"
  mkdir -p "$HOSTS_STATE"
  ip netns exec "$(host_ns 1)" "$KAVA_ROOT/deploy/install.sh" server --state-dir "$(host_state 1)" \
    --node-name "$(host_ns 1)" --node-ip "$(host_ip 1)" "$@"
  join=$(cat "$(host_state 1)/join-command") || die "the server wrote no join command in $(host_state 1)/join-command"
  for ((i = 2; i <= n; i++)); do
    # shellcheck disable=SC2086 # the join command's words: agent --server URL --token TOKEN
    ip netns exec "$(host_ns "$i")" "$KAVA_ROOT/deploy/install.sh" ${join#*install.sh } --state-dir "$(host_state "$i")" \
      --node-name "$(host_ns "$i")" --node-ip "$(host_ip "$i")" "$@"
  done
  log "cluster of $n hosts: admin kubeconfig $(host_state 1)/admin.kubeconfig (server https://$(host_ip 1):6443)"
}

main() {
  case ${1:-} in
    create) [[ $# -eq 2 ]] || die "usage: deploy/hosts.sh create N"; create "$2" ;;
    delete) delete ;;
    list) list ;;
    cluster) [[ $# -ge 2 ]] || die "usage: deploy/hosts.sh cluster N [install.sh option...]"; shift; cluster "$@" ;;
    -h | --help) sed -n '2,23p' "$0" ;;
    *) die "usage: deploy/hosts.sh create N | delete | list | cluster N (see --help)" ;;
  esac
}

main "$@"
