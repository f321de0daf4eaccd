# shellcheck shell=bash
# The guard of Kava's invented address ranges in the root network namespace (docs/ENVIRONMENT rule:
# nothing for them may leave the machine). One filter chain, KAVA-POD-GUARD, jumped to first from
# OUTPUT and FORWARD: RETURN rules for the interfaces a range may leave by (inserted at the top), then a
# REJECT per range (appended), so a packet for the range that would take any other way (no route yet,
# the default route to the uplink) is refused on the spot. Used by deploy/hosts.sh (10.250.0.0/24, the
# simulated hosts' bridge) and by the pod network (10.244.0.0/16, the nodes' kbr-* bridges). Needs root.
# Source after lib.sh.
#
#   guard_reject CIDR             refuse CIDR (chain and jumps made first when missing)
#   guard_allow CIDR IFACE        let CIDR out through IFACE (an iptables interface name, kbr+ allowed)
#   guard_unallow CIDR IFACE / guard_unreject CIDR
#   guard_remove_if_empty         drop the jumps and the chain once no rule is left

GUARD_CHAIN=KAVA-POD-GUARD
GUARD_HOOKS=(OUTPUT FORWARD)

_guard_ipt() { iptables -w "$@"; }

guard_ensure_chain() {
  local hook
  _guard_ipt -t filter -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || _guard_ipt -t filter -N "$GUARD_CHAIN"
  for hook in "${GUARD_HOOKS[@]}"; do
    _guard_ipt -t filter -C "$hook" -j "$GUARD_CHAIN" 2>/dev/null || _guard_ipt -t filter -I "$hook" 1 -j "$GUARD_CHAIN"
  done
}

_guard_reject_rule() { printf '%s\n' -d "$1" -m comment --comment "kava guard $1" -j REJECT; }
_guard_allow_rule() { printf '%s\n' -d "$1" -o "$2" -m comment --comment "kava guard $1 via $2" -j RETURN; }

guard_reject() {
  local rule=()
  guard_ensure_chain
  mapfile -t rule < <(_guard_reject_rule "$1")
  _guard_ipt -t filter -C "$GUARD_CHAIN" "${rule[@]}" 2>/dev/null || _guard_ipt -t filter -A "$GUARD_CHAIN" "${rule[@]}"
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
guard_unreject() { local rule=(); mapfile -t rule < <(_guard_reject_rule "$1"); _guard_delete "${rule[@]}"; }

guard_remove_if_empty() {
  local hook
  _guard_ipt -t filter -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || return 0
  [[ -z $(_guard_ipt -t filter -S "$GUARD_CHAIN" | grep -v "^-N ") ]] || return 0
  for hook in "${GUARD_HOOKS[@]}"; do
    while _guard_ipt -t filter -D "$hook" -j "$GUARD_CHAIN" 2>/dev/null; do :; done
  done
  _guard_ipt -t filter -X "$GUARD_CHAIN"
}
