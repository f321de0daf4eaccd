#!/usr/bin/env bash
# Saves and restores the etcd data of the cluster deploy/up.sh started (docs/operations.md).
#
# Usage: deploy/etcd-backup.sh save FILE [--state-dir DIR]
#        deploy/etcd-backup.sh restore FILE [--state-dir DIR]      (state dir default: $KAVA_HOME, else <repo>/.kava)
#
# save     a consistent snapshot of the running etcd (etcdctl snapshot save), checked, then renamed to FILE.
# restore  checks FILE, stops the API server and etcd, restores FILE into a fresh data directory (the old
#          one stays as etcd.before-restore; with up.sh --ha each of the 3 members gets its own, with the
#          same member list, and keeps etcd-N.before-restore), starts etcd, moves its revision past every
#          revision the old data reached and compacts there (etcdutl's --bump-revision --mark-compacted, which etcd 3.4
#          lacks), then starts the API server again. Kubelets, controllers, the scheduler, kube-proxy and
#          the DNS keep running: their watches expire, they relist and converge on the restored state.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/state.sh
source "$KAVA_ROOT/deploy/state.sh"

export ETCDCTL_API=3

usage() { sed -n '2,13p' "$0"; }

# The members of this cluster's etcd: "etcd" alone, or etcd-1..3 with up.sh --ha (state.sh's ports).
members() {
  local i
  if ((HA)); then for ((i = 1; i <= HA_MEMBERS; i++)); do echo "$i"; done; else echo 0; fi
}
member_name() { if (($1 == 0)); then echo etcd; else echo "etcd-$1"; fi; }
member_client_port() { if (($1 == 0)); then echo "$ETCD_PORT"; else etcd_member_port "$1"; fi; }
member_peer_port() { if (($1 == 0)); then echo "$ETCD_PEER_PORT"; else etcd_member_peer_port "$1"; fi; }
member_data_dir() { if (($1 == 0)); then echo "$ETCD_DATA_DIR"; else echo "$STATE_DIR/etcd-$1"; fi; }
# etcd's name for the member, as up.sh starts it.
member_etcd_name() { if (($1 == 0)); then echo kava; else echo "kava-$1"; fi; }

# One member that answers (snapshot save and the revision reads talk to exactly one); member 1 when no
# member answers, so that the error names a real address.
ETCD_ENDPOINT=""
pick_endpoint() {
  local m url
  for m in $(members); do
    url=$(etcd_url "$(member_client_port "$m")")
    if etcdctl_tls --endpoints="$url" --command-timeout=3s endpoint health >/dev/null 2>&1; then
      ETCD_ENDPOINT=$url
      return 0
    fi
  done
  ETCD_ENDPOINT=$(etcd_url "$(member_client_port "$(members | head -1)")")
  return 1
}
etcd_endpoint() { echo "$ETCD_ENDPOINT"; }
etcdctl_cluster() { etcdctl_tls --endpoints="$(etcd_endpoint)" --command-timeout=10s "$@"; }

# The revision etcd is at (header.revision of endpoint status).
etcd_revision() {
  etcdctl_cluster endpoint status -w json | grep -o '"revision":[0-9]*' | head -1 | cut -d: -f2
}

# check_snapshot FILE -- sets SNAPSHOT_REVISION to the revision a snapshot holds; dies with one line
# when FILE is no snapshot. (Not in a $(...): die must end this shell, not a subshell.)
SNAPSHOT_REVISION=""
check_snapshot() {
  local file=$1 out
  [[ -e $file ]] || die "no such snapshot file: $file"
  [[ -f $file && -r $file ]] || die "not a readable file: $file"
  out=$(etcdctl snapshot status "$file" -w json 2>&1) || die "$file is not an etcd snapshot (etcdctl: ${out#Error: })"
  SNAPSHOT_REVISION=$(grep -o '"revision":[0-9]*' <<<"$out" | cut -d: -f2)
}

# Finds the cluster of this state directory; dies when there is none.
find_cluster() {
  use_state_dir "$1"
  [[ -f $SETTINGS_FILE ]] || die "no cluster in $STATE_DIR (no cluster.env; deploy/up.sh starts one, --state-dir or KAVA_HOME picks another)"
  load_settings
  check_settings
  have etcdctl || die "etcdctl is missing; run deploy/install-prereqs.sh"
}

require_etcd_running() {
  local m alive=0
  for m in $(members); do daemon_alive "$(pid_file "$(member_name "$m")")" && alive=1; done
  ((alive)) || die "the etcd of the cluster in $STATE_DIR is not running; start the cluster with deploy/up.sh first"
  pick_endpoint || die "etcd on $(etcd_endpoint) does not answer"
}

save() {
  local file=$1 part revision size
  require_etcd_running
  [[ -d $(dirname "$file") ]] || die "no such directory: $(dirname "$file")"
  part=$file.part
  rm -f "$part"
  local start=$SECONDS
  etcdctl_cluster snapshot save "$part" >/dev/null 2>&1 || { rm -f "$part"; die "etcdctl snapshot save failed on $(etcd_endpoint)"; }
  check_snapshot "$part"
  revision=$SNAPSHOT_REVISION
  mv "$part" "$file"
  size=$(stat -c %s "$file")
  log "saved $file: revision $revision, $size bytes, in $((SECONDS - start))s"
}

# bump_revision TARGET -- puts one scratch key until etcd's revision reaches TARGET, then compacts there
# and deletes the key. Clients saw revisions up to TARGET in the old data: with the revision moved past
# them they can never mistake a new write for one they saw, and with history compacted their watches
# from those revisions get "compacted", so they relist.
bump_revision() {
  local target=$1 now missing key
  now=$(etcd_revision)
  missing=$((target - now))
  if ((missing > 0)); then
    log "raising etcd's revision from $now past $target (what the cluster had reached) with $missing writes"
    key=$(printf '/kava-restore/revision-bump' | base64)
    # etcd's HTTP gateway and curl's parallel transfers: about 700 writes/s here, one process.
    curl -sS --no-progress-meter -o /dev/null --parallel --parallel-max 50 --cacert "$PKI_DIR/etcd/ca.crt" \
      --cert "$PKI_DIR/etcd/healthcheck-client.crt" --key "$PKI_DIR/etcd/healthcheck-client.key" \
      -d "{\"key\":\"$key\",\"value\":\"eA==\"}" "$(etcd_endpoint)/v3/kv/put?[1-$missing]" ||
      die "raising the revision failed"
    etcdctl_cluster del /kava-restore/revision-bump >/dev/null
  fi
  now=$(etcd_revision)
  etcdctl_cluster compact "$now" --physical >/dev/null || die "compacting etcd at $now failed"
  log "etcd is at revision $now, history compacted there"
}

# restore_member M FILE CLUSTER TOKEN -- FILE restored into member M's fresh data directory.
restore_member() {
  local m=$1 file=$2 cluster=$3 token=$4 fresh
  fresh=$(member_data_dir "$m").restoring
  rm -rf "$fresh"
  etcdctl snapshot restore "$file" --data-dir "$fresh" --name "$(member_etcd_name "$m")" \
    --initial-cluster "$cluster" \
    --initial-advertise-peer-urls "$(etcd_url "$(member_peer_port "$m")")" \
    --initial-cluster-token "$token" >/dev/null 2>&1 ||
    { rm -rf "$fresh"; die "etcdctl snapshot restore of $file failed"; }
}

# swap_member_data M -- the restored directory takes the member's place; the old one is kept.
swap_member_data() {
  local dir old
  dir=$(member_data_dir "$1")
  old=$dir.before-restore
  rm -rf "$old"
  [[ -d $dir ]] && mv "$dir" "$old"
  mv "$dir.restoring" "$dir"
  chmod 700 "$dir"
  [[ -d $old ]] && log "kept the data before the restore in $old"
}

restore() {
  local file=$1 snap_rev reached="" name m cluster="" token
  check_snapshot "$file"
  snap_rev=$SNAPSHOT_REVISION
  local start=$SECONDS
  # Every member from the same snapshot with the same member list: a new cluster holding the old data.
  for m in $(members); do
    cluster+="${cluster:+,}$(member_etcd_name "$m")=$(etcd_url "$(member_peer_port "$m")")"
  done
  token="kava-restore-$(date +%s)"
  for m in $(members); do restore_member "$m" "$file" "$cluster" "$token"; done
  log "restored $file (revision $snap_rev) for $(members | wc -l) etcd member(s)"

  # The API server first: nothing writes once it is down, so the revision read next is the last any
  # client saw.
  local was_up=0
  for name in $(recorded_processes); do
    [[ $name == api-server* ]] || continue
    daemon_alive "$(pid_file "$name")" && was_up=1
    stop_daemon "$name" "$(pid_file "$name")"
  done
  if pick_endpoint && reached=$(etcd_revision 2>/dev/null) && [[ -n $reached ]]; then
    log "the cluster had reached revision $reached"
  else
    reached=$((snap_rev + 10000))
    warn "etcd does not answer: the revision the cluster reached is unknown; moving it past $reached"
  fi
  for m in $(members); do stop_daemon "$(member_name "$m")" "$(pid_file "$(member_name "$m")")"; done
  for m in $(members); do swap_member_data "$m"; done

  "$KAVA_ROOT/deploy/up.sh" --state-dir "$STATE_DIR" --no-build --no-images --etcd-only
  pick_endpoint || die "etcd on $(etcd_endpoint) does not answer after the restore"
  bump_revision "$((reached + 1))"
  if ((was_up)); then
    "$KAVA_ROOT/deploy/up.sh" --state-dir "$STATE_DIR" --no-build --no-images
  else
    log "the API server was not running; start the cluster with deploy/up.sh"
  fi
  log "restore done in $((SECONDS - start))s: objects created after the snapshot are gone, their containers go as the kubelets relist"
}

main() {
  local what=${1:-} file=${2:-} state_arg=""
  case $what in
    save | restore) ;;
    -h | --help) usage; finish 0 ;;
    "") usage; finish 2 ;;
    *) die "unknown command: $what (save FILE or restore FILE; see --help)" ;;
  esac
  [[ -n $file && $file != --* ]] || die "$what needs a FILE"
  shift 2
  while [[ $# -gt 0 ]]; do
    case $1 in
      --state-dir) [[ $# -ge 2 ]] || die "--state-dir needs a value"; state_arg=$2; shift 2 ;;
      *) die "unknown option: $1 (see --help)" ;;
    esac
  done
  [[ $file == /* ]] || file=$PWD/$file
  find_cluster "$state_arg"
  "$what" "$file"
}

main "$@"
