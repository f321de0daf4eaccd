#!/usr/bin/env bash
# Kava's supervisor, for hosts where systemd is not PID 1 (containers, this build machine): runs the
# ExecStart of one unit file written by deploy/install.sh, with its EnvironmentFile, and starts it again
# whenever it exits, as the unit's Restart=always would: after 1 s, doubling up to 30 s while it keeps
# failing, back to 1 s once a run lasted a minute. SIGTERM stops the command (SIGTERM, then SIGKILL
# after 10 s: KillMode=process, only the main process) and then the supervisor. install.sh starts it
# detached with its own pid file; output (the supervisor's lines and the command's) goes to stdout.
#
# Usage: deploy/supervise.sh UNIT_FILE CHILD_PID_FILE
set -uo pipefail

unit=$1 child_pid_file=$2
name=$(basename "$unit" .service)
say() { printf '[%s] supervise %s: %s\n' "$(date '+%F %T')" "$name" "$*"; }

exec_start=$(sed -n 's/^ExecStart=//p' "$unit" | head -1)
env_file=$(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$unit" | head -1)
[[ -n $exec_start ]] || { say "ERROR: no ExecStart= in $unit"; exit 1; }

child=""
stopping=0
stop() {
  stopping=1
  [[ -n $child ]] || exit 0
  kill -TERM "$child" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$child" 2>/dev/null && { say "still running 10s after SIGTERM; SIGKILL to pid $child"; kill -KILL "$child"; }
  rm -f "$child_pid_file"
  say "stopped"
  exit 0
}
trap stop TERM INT

backoff=1
while true; do
  if [[ -n $env_file && -f $env_file ]]; then
    set -a
    # shellcheck disable=SC1090 # the unit's environment file
    source "$env_file"
    set +a
  fi
  started=$SECONDS
  say "starting: $exec_start"
  # shellcheck disable=SC2086 # ExecStart is one command and its words, as systemd splits it
  $exec_start </dev/null &
  child=$!
  echo "$child" >"$child_pid_file"
  wait "$child"
  rc=$?
  ((stopping)) && stop
  child=""
  ((SECONDS - started >= 60)) && backoff=1
  say "exited with $rc after $((SECONDS - started))s; starting again in ${backoff}s"
  sleep "$backoff" &
  wait $! # a SIGTERM during the pause stops at once
  ((backoff = backoff * 2 > 30 ? 30 : backoff * 2))
done
