# shellcheck shell=bash
# The guard of Kava's invented address ranges in the root network namespace (docs/ENVIRONMENT rule:
# nothing for them may leave the machine). One filter chain, KAVA-POD-GUARD, jumped to first from
# OUTPUT and FORWARD, with the very rules the kubelet's io.kava.client.net.PodNetworkGuard writes
# (`-o lo -j RETURN`, then per range `-d CIDR ! -o IFACE ... -j REJECT`), so either may come first and
# neither duplicates the other; plus RETURN rules at the top for a second interface a range may leave by
# (10.244.0.0/16 also crosses kava-hosts between simulated hosts). A packet for a range that would take
# any other way (no route yet, the default route to the uplink) is refused on the spot. Used by
# deploy/hosts.sh (10.250.0.0/24 on kava-hosts); the pod network's 10.244.0.0/16 on kbr+. Needs root.
# Source after lib.sh.
#
#   guard_reject CIDR IFACE       refuse CIDR unless it leaves by IFACE (chain and jumps made when missing)
#   guard_allow CIDR IFACE        let CIDR also leave by IFACE (an iptables interface name, kbr+ allowed)
#   guard_unallow CIDR IFACE / guard_unreject CIDR IFACE
#   guard_remove_if_empty         drop the jumps and the chain once no rule but loopback's is left

GUARD_CHAIN=KAVA-POD-GUARD
GUARD_HOOKS=(OUTPUT FORWARD)

_guard_ipt() { iptables -w "$@"; }

guard_ensure_chain() {
  local hook
  _guard_ipt -t filter -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || _guard_ipt -t filter -N "$GUARD_CHAIN"
  # Loopback never leaves the machine (a hostPort on 127.0.0.x DNATed to a pod shows lo here).
  _guard_ipt -t filter -C "$GUARD_CHAIN" -o lo -j RETURN 2>/dev/null || _guard_ipt -t filter -I "$GUARD_CHAIN" 1 -o lo -j RETURN
  for hook in "${GUARD_HOOKS[@]}"; do
    _guard_ipt -t filter -C "$hook" -j "$GUARD_CHAIN" 2>/dev/null || _guard_ipt -t filter -I "$hook" 1 -j "$GUARD_CHAIN"
  done
}

_guard_reject_rule() { printf '%s\n' -d "$1" '!' -o "$2" -m comment --comment "kava pod network guard" -j REJECT; }
_guard_allow_rule() { printf '%s\n' -d "$1" -o "$2" -m comment --comment "kava guard $1 via $2" -j RETURN; }

# guard_reject CIDR IFACE [RECORD_FILE] -- with RECORD_FILE, appends "CIDR IFACE" to it when this call
# added the rule, so its maker removes only what it added (the same rule may be another's).
guard_reject() {
  local rule=()
  guard_ensure_chain
  mapfile -t rule < <(_guard_reject_rule "$1" "$2")
  _guard_ipt -t filter -C "$GUARD_CHAIN" "${rule[@]}" 2>/dev/null && return 0
  _guard_ipt -t filter -A "$GUARD_CHAIN" "${rule[@]}"
  [[ -z ${3:-} ]] || echo "$1 $2" >>"$3"
}

guard_allow() {
  local rule=()
  guard_ensure_chain
  mapfile -t rule < <(_guard_allow_rule "$1" "$2")
  _guard_ipt -t filter -C "$GUARD_CHAIN" "${rule[@]}" 2>/dev/null || _guard_ipt -t filter -I "$GUARD_CHAIN" 1 "${rule[@]}"
}

_guard_delete() {
  _guard_ipt -t filter -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || return 0
  while _guard_ipt -t filter -D "$GUARD_CHAIN" "$@" 2>/dev/null; do :; done
}
guard_unallow() { local rule=(); mapfile -t rule < <(_guard_allow_rule "$1" "$2"); _guard_delete "${rule[@]}"; }
guard_unreject() { local rule=(); mapfile -t rule < <(_guard_reject_rule "$1" "$2"); _guard_delete "${rule[@]}"; }

guard_remove_if_empty() {
  local hook
  _guard_ipt -t filter -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || return 0
  [[ -z $(_guard_ipt -t filter -S "$GUARD_CHAIN" | grep -v -e "^-N " -e "^-A $GUARD_CHAIN -o lo -j RETURN$") ]] || return 0
  _guard_ipt -t filter -F "$GUARD_CHAIN"
  for hook in "${GUARD_HOOKS[@]}"; do
    while _guard_ipt -t filter -D "$hook" -j "$GUARD_CHAIN" 2>/dev/null; do :; done
  done
  _guard_ipt -t filter -X "$GUARD_CHAIN"
}
