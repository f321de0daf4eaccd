# shellcheck shell=bash
# The guard of Kava's invented address ranges in the root network namespace (docs/ENVIRONMENT rule:
# nothing for them may leave the machine), with the very rules the kubelet's
# io.kava.client.net.PodNetworkGuard writes, so either may come first and neither duplicates the other.
# Two chains named KAVA-POD-GUARD:
#   filter, jumped to first from OUTPUT and FORWARD: `-o lo -j RETURN`, `-m conntrack --ctstate DNAT -j RETURN`,
#     then per range `-d CIDR ! -o IFACE ... -j REJECT`;
#   mangle, jumped to first from POSTROUTING for every packet: `-o lo -j RETURN`, then per range
#     `-d CIDR ! -o IFACE ... -j DROP`.
# Why two: a locally made packet DNATed in nat OUTPUT (a cluster IP opened from the host, DNATed to a pod)
# is rerouted after filter OUTPUT, whose -o still names the device of the route to its first address
# (eth0); POSTROUTING sees the real one, so the filter DNAT RETURN leaves those to mangle. Mangle judges
# every other packet too, as the last word: the CNI firewall plugin and kube-proxy insert ACCEPTs for pod
# traffic above the filter jump in FORWARD, and nothing inserts accepts after mangle POSTROUTING.
# RETURN rules at the top of both for a second interface a range may leave by (10.244.0.0/16 also
# crosses kava-hosts between simulated hosts). A packet for a range that would take any other way (no
# route yet, the default route to the uplink) is refused on the spot. Used by deploy/hosts.sh
# (10.250.0.0/24 on kava-hosts); the pod network's 10.244.0.0/16 on kbr+. Needs root. Source after lib.sh.
#
#   guard_reject CIDR IFACE       refuse CIDR unless it leaves by IFACE (chains and jumps made when missing)
#   guard_allow CIDR IFACE        let CIDR also leave by IFACE (an iptables interface name, kbr+ allowed)
#   guard_unallow CIDR IFACE / guard_unreject CIDR IFACE
#   guard_remove_if_empty         drop the jumps and the chains once no rule but the fixed RETURNs is left

GUARD_CHAIN=KAVA-POD-GUARD
GUARD_HOOKS=(OUTPUT FORWARD)
GUARD_DNATED=(-m conntrack --ctstate DNAT)

_guard_ipt() { iptables -w "$@"; }

# _guard_fixed TABLE RULE... -- a rule of the chain that is no range's, inserted at the top when missing.
_guard_fixed() {
  local table=$1
  shift
  _guard_ipt -t "$table" -C "$GUARD_CHAIN" "$@" 2>/dev/null || _guard_ipt -t "$table" -I "$GUARD_CHAIN" 1 "$@"
}

# Mangle's chain and jump first: the filter DNAT RETURN must never pass what nothing judges after routing.
guard_ensure_chain() {
  local hook table
  for table in mangle filter; do
    _guard_ipt -t "$table" -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || _guard_ipt -t "$table" -N "$GUARD_CHAIN"
    # Loopback never leaves the machine (a hostPort on 127.0.0.x DNATed to a pod shows lo in filter).
    _guard_fixed "$table" -o lo -j RETURN
  done
  _guard_ipt -t mangle -C POSTROUTING -j "$GUARD_CHAIN" 2>/dev/null ||
    _guard_ipt -t mangle -I POSTROUTING 1 -j "$GUARD_CHAIN"
  # The first version of the guard jumped for DNATed packets only.
  while _guard_ipt -t mangle -D POSTROUTING "${GUARD_DNATED[@]}" -j "$GUARD_CHAIN" 2>/dev/null; do :; done
  _guard_fixed filter "${GUARD_DNATED[@]}" -j RETURN
  for hook in "${GUARD_HOOKS[@]}"; do
    _guard_ipt -t filter -C "$hook" -j "$GUARD_CHAIN" 2>/dev/null || _guard_ipt -t filter -I "$hook" 1 -j "$GUARD_CHAIN"
  done
}

# _guard_range_rule CIDR IFACE VERDICT -- REJECT in filter, DROP in mangle (which cannot REJECT).
_guard_range_rule() { printf '%s\n' -d "$1" '!' -o "$2" -m comment --comment "kava pod network guard" -j "$3"; }
_guard_allow_rule() { printf '%s\n' -d "$1" -o "$2" -m comment --comment "kava guard $1 via $2" -j RETURN; }

# guard_reject CIDR IFACE [RECORD_FILE] -- with RECORD_FILE, appends "CIDR IFACE" to it when this call
# added the rule, so its maker removes only what it added (the same rule may be another's).
guard_reject() {
  local drop=() reject=()
  guard_ensure_chain
  mapfile -t drop < <(_guard_range_rule "$1" "$2" DROP)
  mapfile -t reject < <(_guard_range_rule "$1" "$2" REJECT)
  _guard_ipt -t mangle -C "$GUARD_CHAIN" "${drop[@]}" 2>/dev/null || _guard_ipt -t mangle -A "$GUARD_CHAIN" "${drop[@]}"
  _guard_ipt -t filter -C "$GUARD_CHAIN" "${reject[@]}" 2>/dev/null && return 0
  _guard_ipt -t filter -A "$GUARD_CHAIN" "${reject[@]}"
  [[ -z ${3:-} ]] || echo "$1 $2" >>"$3"
}

guard_allow() {
  local rule=() table
  guard_ensure_chain
  mapfile -t rule < <(_guard_allow_rule "$1" "$2")
  for table in mangle filter; do
    _guard_ipt -t "$table" -C "$GUARD_CHAIN" "${rule[@]}" 2>/dev/null || _guard_ipt -t "$table" -I "$GUARD_CHAIN" 1 "${rule[@]}"
  done
}

# _guard_delete TABLE RULE... -- every copy of RULE in TABLE's chain, if the chain exists.
_guard_delete() {
  local table=$1
  shift
  _guard_ipt -t "$table" -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || return 0
  while _guard_ipt -t "$table" -D "$GUARD_CHAIN" "$@" 2>/dev/null; do :; done
}
guard_unallow() {
  local rule=()
  mapfile -t rule < <(_guard_allow_rule "$1" "$2")
  _guard_delete filter "${rule[@]}"
  _guard_delete mangle "${rule[@]}"
}
guard_unreject() {
  local rule=()
  mapfile -t rule < <(_guard_range_rule "$1" "$2" REJECT)
  _guard_delete filter "${rule[@]}"
  mapfile -t rule < <(_guard_range_rule "$1" "$2" DROP)
  _guard_delete mangle "${rule[@]}"
}

# _guard_has_others TABLE -- true when TABLE's chain holds a rule besides the fixed RETURNs.
_guard_has_others() {
  _guard_ipt -t "$1" -n -L "$GUARD_CHAIN" >/dev/null 2>&1 || return 1
  [[ -n $(_guard_ipt -t "$1" -S "$GUARD_CHAIN" | grep -v -e "^-N " -e "^-A $GUARD_CHAIN -o lo -j RETURN$" \
    -e "^-A $GUARD_CHAIN -m conntrack --ctstate DNAT -j RETURN$") ]]
}

# The filter chain (with its DNAT RETURN) goes before mangle's jump that judges what it passes.
guard_remove_if_empty() {
  local hook
  ! _guard_has_others filter && ! _guard_has_others mangle || return 0
  if _guard_ipt -t filter -n -L "$GUARD_CHAIN" >/dev/null 2>&1; then
    for hook in "${GUARD_HOOKS[@]}"; do
      while _guard_ipt -t filter -D "$hook" -j "$GUARD_CHAIN" 2>/dev/null; do :; done
    done
    _guard_ipt -t filter -F "$GUARD_CHAIN"
    _guard_ipt -t filter -X "$GUARD_CHAIN"
  fi
  if _guard_ipt -t mangle -n -L "$GUARD_CHAIN" >/dev/null 2>&1; then
    while _guard_ipt -t mangle -D POSTROUTING -j "$GUARD_CHAIN" 2>/dev/null; do :; done
    while _guard_ipt -t mangle -D POSTROUTING "${GUARD_DNATED[@]}" -j "$GUARD_CHAIN" 2>/dev/null; do :; done
    _guard_ipt -t mangle -F "$GUARD_CHAIN"
    _guard_ipt -t mangle -X "$GUARD_CHAIN"
  fi
}
