# shellcheck shell=bash
# Shared functions for Kava's deploy scripts. Source it; do not run it.
#
#   log / warn / die        timestamped messages on stderr
#   have CMD                is a command on PATH
#   ensure_packages ...     apt-get install what is missing (one `apt-get update`, only when needed)
#   wait_for ...            poll a command until it succeeds, with a timeout and progress output
#   start_daemon ...        start a detached process and record it in a pid file
#   daemon_alive / daemon_pid / stop_daemon
#                           look at or stop a process by its pid file; a pid file also records the
#                           process's start time, so a recycled pid is never mistaken for ours

# shellcheck disable=SC2034 # used by the scripts that source this file
KAVA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAVA_SCRIPT="$(basename "$0")"
KAVA_SCRIPT="${KAVA_SCRIPT%.sh}"

# log_as NAME -- the name log lines carry (default: the script's file name).
log_as() { KAVA_SCRIPT=$1; }

log() { printf '[%s] %s: %s\n' "$(date +%H:%M:%S)" "$KAVA_SCRIPT" "$*" >&2; }
warn() { log "WARNING: $*"; }
_KAVA_DIED=0
die() {
  log "ERROR: $*"
  _KAVA_DIED=1
  exit 1
}

# finish RC -- exits with RC on purpose (no "stopped unexpectedly" line).
finish() {
  _KAVA_DIED=1
  exit "$1"
}

# Whatever ends a script early (set -e, an expansion error) gets one line naming the script.
_kava_on_exit() {
  local rc=$1
  ((rc == 0 || _KAVA_DIED)) || log "ERROR: stopped unexpectedly (exit $rc)"
}
trap '_kava_on_exit $?' EXIT

have() { command -v "$1" >/dev/null 2>&1; }

# True when stderr is a terminal (dots for progress there; periodic lines in CI logs).
on_tty() { [[ -t 2 ]]; }

as_root_or_die() {
  [[ $(id -u) -eq 0 ]] || die "$1 needs root (apt-get, dockerd); run it as root or with sudo"
}

# ensure_packages PKG... -- installs the named Debian packages with apt-get; the caller decides
# which are missing. `apt-get update` runs at most once per script run.
_KAVA_APT_UPDATED=0
ensure_packages() {
  (($# > 0)) || return 0
  as_root_or_die "installing $*"
  export DEBIAN_FRONTEND=noninteractive
  # needrestart (pulled in by docker.io's recommends) must never restart a running engine.
  export NEEDRESTART_MODE=l NEEDRESTART_SUSPEND=1
  if ((_KAVA_APT_UPDATED == 0)); then
    log "apt-get update"
    apt-get update -qq || die "apt-get update failed"
    _KAVA_APT_UPDATED=1
  fi
  log "apt-get install $*"
  apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

# wait_for [--timeout SECONDS] [--pid-file FILE] [--log FILE] DESCRIPTION -- COMMAND...
# Runs COMMAND every second until it succeeds. COMMAND may set WAIT_STATUS (e.g. "1/2"); each new
# value is printed. With --pid-file, gives up as soon as that process has died and shows the tail
# of --log. Returns 1 on timeout or death, after saying so.
WAIT_STATUS=""
wait_for() {
  local timeout=60 pid_file="" log_file="" desc
  while [[ $# -gt 0 && $1 != -- ]]; do
    case $1 in
      --timeout) timeout=$2; shift 2 ;;
      --pid-file) pid_file=$2; shift 2 ;;
      --log) log_file=$2; shift 2 ;;
      *) desc=$1; shift ;;
    esac
  done
  shift # --
  local start=$SECONDS last_status="" dotted=0 last_note=$SECONDS
  WAIT_STATUS=""
  log "waiting for $desc (up to ${timeout}s)"
  while true; do
    if "$@" >/dev/null 2>&1; then
      ((dotted)) && printf '\n' >&2
      log "ready: $desc after $((SECONDS - start))s"
      return 0
    fi
    if [[ -n $WAIT_STATUS && $WAIT_STATUS != "$last_status" ]]; then
      ((dotted)) && printf '\n' >&2 && dotted=0
      log "waiting for $desc ($WAIT_STATUS)"
      last_status=$WAIT_STATUS
    fi
    if [[ -n $pid_file ]] && ! daemon_alive "$pid_file"; then
      ((dotted)) && printf '\n' >&2
      log "ERROR: the process for $desc exited while we waited"
      [[ -n $log_file && -f $log_file ]] && { log "last lines of $log_file:"; tail -n 20 "$log_file" >&2; }
      return 1
    fi
    if ((SECONDS - start >= timeout)); then
      ((dotted)) && printf '\n' >&2
      log "ERROR: timed out after ${timeout}s waiting for $desc${WAIT_STATUS:+ ($WAIT_STATUS)}"
      [[ -n $log_file && -f $log_file ]] && { log "last lines of $log_file:"; tail -n 20 "$log_file" >&2; }
      return 1
    fi
    if on_tty; then
      printf '.' >&2
      dotted=1
    elif ((SECONDS - last_note >= 10)); then
      log "still waiting for $desc ($((SECONDS - start))s${WAIT_STATUS:+, $WAIT_STATUS})"
      last_note=$SECONDS
    fi
    sleep 1
  done
}

# The start time (clock ticks since boot) of a process, from /proc/PID/stat field 22.
proc_start_time() {
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) } # the command name may hold spaces and parentheses
  # shellcheck disable=SC2086 # split into fields on purpose
  set -- $rest
  echo "${20}"
}

# daemon_pid FILE -- prints the pid recorded in FILE if that very process still runs.
daemon_pid() {
  local file=$1 pid started now
  [[ -f $file ]] || return 1
  read -r pid started <"$file" || true
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  now=$(proc_start_time "$pid") || return 1
  [[ $now == "$started" ]] || return 1 # the pid was recycled by another process
  # A zombie (exited, not yet reaped) is not alive.
  [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) != Z ]] || return 1
  echo "$pid"
}

daemon_alive() { daemon_pid "$1" >/dev/null; }

# start_daemon NAME PIDFILE LOGFILE COMMAND... -- starts COMMAND detached (own session, stdin from
# /dev/null, output appended to LOGFILE) unless the process recorded in PIDFILE still runs.
start_daemon() {
  local name=$1 pid_file=$2 log_file=$3 pid
  shift 3
  if pid=$(daemon_pid "$pid_file"); then
    log "$name: already running (pid $pid), left alone"
    return 0
  fi
  mkdir -p "$(dirname "$pid_file")" "$(dirname "$log_file")"
  printf '\n===== %s starting: %s\n' "$(date '+%F %T')" "$*" >>"$log_file"
  setsid "$@" >>"$log_file" 2>&1 </dev/null &
  pid=$!
  echo "$pid $(proc_start_time "$pid" || echo 0)" >"$pid_file"
  log "$name: started (pid $pid, log $log_file)"
}

# stop_daemon NAME PIDFILE [GRACE_SECONDS] -- SIGTERM, wait, then SIGKILL; only the recorded process.
stop_daemon() {
  local name=$1 pid_file=$2 grace=${3:-15} pid waited=0
  if ! pid=$(daemon_pid "$pid_file"); then
    [[ -f $pid_file ]] && { rm -f "$pid_file"; log "$name: not running (stale pid file removed)"; }
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  while daemon_alive "$pid_file" && ((waited < grace * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if daemon_alive "$pid_file"; then
    warn "$name: still running ${grace}s after SIGTERM; sending SIGKILL to pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    waited=0
    while daemon_alive "$pid_file" && ((waited < 100)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    daemon_alive "$pid_file" && die "$name: pid $pid survived SIGKILL (stuck in the kernel?)"
  fi
  rm -f "$pid_file"
  log "$name: stopped (pid $pid)"
}

# tcp_open HOST PORT -- true when something accepts TCP connections there.
# shellcheck disable=SC2016 # expanded by the inner bash
tcp_open() { timeout 2 bash -c ': >/dev/tcp/"$1"/"$2"' _ "$1" "$2" 2>/dev/null; }

# docker_image_exists NAME:TAG
docker_image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# docker_image_label NAME:TAG LABEL -- prints the label's value (empty when unset).
docker_image_label() {
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null | sed 's/^<no value>$//'
}

# make_busybox_rootfs DIR -- a minimal root filesystem: busybox-static plus a symlink per applet.
make_busybox_rootfs() {
  local root=$1 bb applet
  bb=$(command -v busybox) || die "busybox is missing; run deploy/install-prereqs.sh"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root" "$root/var/log"
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  for applet in $("$bb" --list); do
    [[ $applet == busybox ]] || ln -sf busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}
