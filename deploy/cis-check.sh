#!/usr/bin/env bash
# Checks a running deploy/up.sh cluster the way kube-bench checks an upstream control plane: the CIS
# Kubernetes Benchmark v1.12 as kube-bench's cfg/cis-1.12 implements it, sections 1 (control plane
# files and flags), 2 (etcd), 3 (authentication, audit), 4 (kubelet, kube-proxy) and 5 (policies).
# It reads what kube-bench reads: each process's command line (/proc/<pid>/cmdline of the pids up.sh
# recorded in <state>/run/), the modes and owners of the files those flags name and of the state
# directory, and the cluster's objects through kavactl as the admin. Every check is walked in docs/cis.md.
#
# Usage: deploy/cis-check.sh [STATE_DIR]     (default: --state-dir's rule: $KAVA_HOME, else <repo>/.kava)
# Prints one line per check: [PASS], [FAIL], [WARN] (a person must look, or a known gap docs/cis.md
# names) and [INFO] (N/A: the check does not apply to Kava, with why), then a summary.
# Exit status: 0 without a FAIL, 1 with one, 2 when there is no running cluster to check.
set -uo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/state.sh
source "$KAVA_ROOT/deploy/state.sh"

declare -A COUNT=([PASS]=0 [FAIL]=0 [WARN]=0 [INFO]=0)

# kube-bench's strong suites (cfg/cis-1.12 valid_elements): 1.2.29's for the API server, 4.2.12's for the kubelet.
STRONG_API_SERVER_SUITES=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,\
TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,\
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,\
TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
STRONG_KUBELET_SUITES=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,\
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,\
TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384

# --- output ------------------------------------------------------------------------------------------

report() { # report LEVEL ID TEXT DETAIL
  COUNT[$1]=$((COUNT[$1] + 1))
  local level="[$1]"
  [[ $1 == INFO ]] && level="[INFO] N/A"
  printf '%s %s %s' "$level" "$2" "$3"
  [[ -n ${4:-} ]] && printf ' (%s)' "$4"
  printf '\n'
}
section() { printf '\n== %s\n' "$*"; }
na() { report INFO "$1" "$2" "$3"; }
# known ID TEXT WHY -- a check Kava does not meet yet; docs/cis.md and docs/known-issues.md say why.
known() { report WARN "$1" "$2" "known gap: $3"; }
manual() { report WARN "$1" "$2" "$3"; }
verdict() { # verdict OK ID TEXT DETAIL -- PASS when OK is 0, else FAIL
  if (($1 == 0)); then report PASS "$2" "$3" "$4"; else report FAIL "$2" "$3" "$4"; fi
}

# --- processes and their flags -----------------------------------------------------------------------

# instances COMPONENT -- the names of its running processes (HA: api-server and api-server-2, etcd-1..3),
# looked up once (find_instances).
instances() { [[ -n ${RUNNING[$1]:-} ]] && printf '%s\n' ${RUNNING[$1]}; }

declare -A RUNNING=()
find_instances() {
  local name component
  while read -r name; do
    daemon_alive "$(pid_file "$name")" || continue
    case $name in
      etcd | etcd-[0-9]*) component=etcd ;;
      kubelet-*) component=kubelet ;;
      *-2) component=${name%-2} ;;
      *) component=$name ;;
    esac
    RUNNING[$component]+="${RUNNING[$component]:+ }$name"
  done < <(recorded_processes)
}

# load_args NAME -- ARGS becomes the process's command line, one element per argument.
load_args() {
  local pid
  ARGS=()
  pid=$(daemon_pid "$(pid_file "$1")") || return 1
  mapfile -d '' -t ARGS <"/proc/$pid/cmdline"
}

# flag FLAG -- the value of FLAG in ARGS as kube-bench reads a command line: --flag=value, --flag value,
# or true for a bare --flag (the last one wins); status 1 when it is not there.
flag() {
  local i a found=1 value=""
  for ((i = 0; i < ${#ARGS[@]}; i++)); do
    a=${ARGS[i]}
    if [[ $a == "$1="* ]]; then
      value=${a#*=} found=0
    elif [[ $a == "$1" ]]; then
      if ((i + 1 < ${#ARGS[@]})) && [[ ${ARGS[i + 1]} != -* ]]; then value=${ARGS[i + 1]}; else value=true; fi
      found=0
    fi
  done
  ((found == 0)) && printf '%s' "$value"
  return "$found"
}

# test_flag FLAG OP [VALUE] -- kube-bench's test items on ARGS. OPs: set, unset, eq, noteq, has, nothave
# (comma lists), gte, valid_elements (each element of a comma list is one of VALUE's), and unset_or_<op>
# (unset passes too). Sets SHOWN to what was seen.
test_flag() {
  local name=$1 op=$2 want=${3:-} value
  if ! value=$(flag "$name"); then
    SHOWN="$name not set"
    [[ $op == unset || $op == unset_or_* ]]
    return
  fi
  SHOWN="$name=$value"
  case $op in
    set) return 0 ;;
    unset) return 1 ;;
    eq | unset_or_eq) [[ $value == "$want" ]] ;;
    noteq | unset_or_noteq) [[ $value != "$want" ]] ;;
    has) [[ ,$value, == *",$want,"* ]] ;;
    nothave | unset_or_nothave) [[ ,$value, != *",$want,"* ]] ;;
    gte | unset_or_gte) [[ $value =~ ^[0-9]+$ ]] && ((value >= want)) ;;
    valid_elements) # every element of the value's comma list is one of want's
      local e
      for e in ${value//,/ }; do [[ ,$want, == *",$e,"* ]] || return 1; done
      [[ -n $value ]] ;;
    *) die "unknown test $op" ;;
  esac
}

# check_flags ID TEXT COMPONENT FLAG OP [VALUE] [-- FLAG OP [VALUE]]... -- every instance of COMPONENT
# must pass every test (kube-bench's bin_op: and).
check_flags() {
  local id=$1 text=$2 component=$3 name ok=0 detail="" seen=0
  shift 3
  local tests=("$@")
  for name in $(instances "$component"); do
    seen=1
    load_args "$name" || continue
    local rest=("${tests[@]}") shown=()
    while ((${#rest[@]} > 0)); do
      local f=${rest[0]} op=${rest[1]} v=""
      rest=("${rest[@]:2}")
      if ((${#rest[@]} > 0)) && [[ ${rest[0]} != -- ]]; then v=${rest[0]}; rest=("${rest[@]:1}"); fi
      [[ ${rest[0]:-} == -- ]] && rest=("${rest[@]:1}")
      test_flag "$f" "$op" "$v" || ok=1
      shown+=("$SHOWN")
    done
    detail+="${detail:+; }$name: $(IFS=,; echo "${shown[*]}" | sed 's/,/, /g')"
  done
  ((seen)) || { report FAIL "$id" "$text" "no running $component in $RUN_DIR"; return; }
  verdict "$ok" "$id" "$text" "$detail"
}

# check_request_timeout ID TEXT COMPONENT -- the benchmark's audit: --request-timeout "either not set or
# set to an appropriate value". Unset keeps upstream's (and Kava's) default, 1m0s; a value must be a
# positive Go duration (0s turns the timeout off, which the STIG calls a finding).
check_request_timeout() {
  local id=$1 text=$2 component=$3 name value ok=0 detail="" seen=0
  for name in $(instances "$component"); do
    seen=1
    load_args "$name" || continue
    if ! value=$(flag --request-timeout); then
      detail+="${detail:+; }$name: --request-timeout not set, the default 1m0s"
    elif [[ $value =~ ^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$ && $value =~ [1-9] ]]; then
      detail+="${detail:+; }$name: --request-timeout=$value"
    else
      ok=1
      detail+="${detail:+; }$name: --request-timeout=$value is not a positive duration"
    fi
  done
  ((seen)) || { report FAIL "$id" "$text" "no running $component in $RUN_DIR"; return; }
  verdict "$ok" "$id" "$text" "$detail"
}

# flag_of COMPONENT FLAG -- the flag's value on the first running instance (empty when unset).
flag_of() {
  local name
  name=$(instances "$1" | head -1)
  [[ -n $name ]] && load_args "$name" && flag "$2"
}

# --- files ---------------------------------------------------------------------------------------------

# check_mode ID TEXT MAX FILE... -- no file may have a permission bit MAX lacks (kube-bench's bitmask).
check_mode() {
  local id=$1 text=$2 max=$3 f mode ok=0 detail="" n=0 bad=""
  shift 3
  for f in "$@"; do
    [[ -e $f ]] || continue
    n=$((n + 1))
    mode=$(stat -c %a "$f")
    if (((8#$mode & ~8#$max) != 0)); then ok=1 bad+="${bad:+, }${f#"$STATE_DIR"/} $mode"; fi
  done
  ((n > 0)) || { report FAIL "$id" "$text" "none of the files exists: $*"; return; }
  if ((ok == 0)); then detail="$n file(s) at most $max"; ((n == 1)) && detail="${1#"$STATE_DIR"/}: $(stat -c %a "$1")"; else detail=$bad; fi
  verdict "$ok" "$id" "$text" "$detail"
}

# check_owner ID TEXT FILE... -- every file owned by root:root.
check_owner() {
  local id=$1 text=$2 f owner ok=0 n=0 bad=""
  shift 2
  for f in "$@"; do
    [[ -e $f ]] || continue
    n=$((n + 1))
    owner=$(stat -c %U:%G "$f")
    [[ $owner == root:root ]] || { ok=1 bad+="${bad:+, }${f#"$STATE_DIR"/} $owner"; }
  done
  ((n > 0)) || { report FAIL "$id" "$text" "none of the files exists: $*"; return; }
  verdict "$ok" "$id" "$text" "${bad:-$n file(s) root:root}"
}

# check_etcd_owner ID TEXT DIR... -- every data directory etcd:etcd (kube-bench's stat), each etcd running as
# etcd. up.sh runs etcd as the etcd user only as root: not as root, a WARN that says so.
check_etcd_owner() {
  local id=$1 text=$2 f owner n=0 bad="" name pid user users="" others=""
  shift 2
  for f in "$@"; do
    [[ -d $f ]] || continue
    n=$((n + 1))
    owner=$(stat -c %U:%G "$f")
    [[ $owner == etcd:etcd ]] || bad+="${bad:+, }${f#"$STATE_DIR"/} $owner"
  done
  ((n > 0)) || { report FAIL "$id" "$text" "no etcd --data-dir found: $*"; return; }
  for name in $(instances etcd); do
    pid=$(daemon_pid "$(pid_file "$name")") || continue
    user=$(stat -c %U "/proc/$pid")
    users+="${users:+, }$name as $user"
    [[ $user == etcd ]] || others+="${others:+ }$user"
  done
  if [[ -z $bad && -z $others ]]; then
    report PASS "$id" "$text" "$n dir(s) etcd:etcd; $users"
  elif [[ -n $others && " $others " != *" root "* ]]; then
    # up.sh as a user other than root: only root can start etcd as the etcd user.
    manual "$id" "$text" "up.sh ran as $others, not root, so etcd runs as that user ($users; ${bad:-data etcd:etcd}); run up.sh as root for etcd:etcd"
  else
    report FAIL "$id" "$text" "${bad:-data etcd:etcd}; $users"
  fi
}

# files_of COMPONENT FLAG -- the file each running instance's FLAG names.
files_of() {
  local name
  for name in $(instances "$1"); do
    load_args "$name" && flag "$2" && echo
  done | sort -u
}

# --- section 1: control plane --------------------------------------------------------------------------

control_plane_files() {
  section "1.1 Control Plane Node Configuration Files"
  # No static pod manifests: up.sh builds each command line from cluster.env (and itself, in the checkout).
  local spec=$SETTINGS_FILE what
  for what in "1.1.1 API server" "1.1.3 controller manager" "1.1.5 scheduler" "1.1.7 etcd"; do
    check_mode "${what%% *}" "Ensure that the ${what#* } pod specification file permissions are set to 600 or more restrictive" 600 "$spec"
  done
  for what in "1.1.2 API server" "1.1.4 controller manager" "1.1.6 scheduler" "1.1.8 etcd"; do
    check_owner "${what%% *}" "Ensure that the ${what#* } pod specification file ownership is set to root:root" "$spec"
  done
  local cni
  cni=$(files_of kubelet --cni-conf-dir | head -1)
  if [[ -n $cni && -d $cni ]]; then
    mapfile -t cni_files < <(find "$cni" -maxdepth 1 -type f)
    check_mode 1.1.9 "Ensure that the Container Network Interface file permissions are set to 600 or more restrictive" 600 "${cni_files[@]}"
    check_owner 1.1.10 "Ensure that the Container Network Interface file ownership is set to root:root" "${cni_files[@]}"
  else
    na 1.1.9 "Ensure that the Container Network Interface file permissions are set to 600 or more restrictive" "no CNI: the kubelets run no --cni-conf-dir"
    na 1.1.10 "Ensure that the Container Network Interface file ownership is set to root:root" "no CNI configuration files"
  fi
  local data=()
  mapfile -t data < <(files_of etcd --data-dir)
  check_mode 1.1.11 "Ensure that the etcd data directory permissions are set to 700 or more restrictive" 700 "${data[@]}"
  check_etcd_owner 1.1.12 "Ensure that the etcd data directory ownership is set to etcd:etcd" "${data[@]}"
  check_mode 1.1.13 "Ensure that the default administrative credential file permissions are set to 600" 600 "$ADMIN_KUBECONFIG"
  check_owner 1.1.14 "Ensure that the default administrative credential file ownership is set to root:root" "$ADMIN_KUBECONFIG"
  check_mode 1.1.15 "Ensure that the scheduler.conf file permissions are set to 600 or more restrictive" 600 "$(files_of scheduler --kubeconfig | head -1)"
  check_owner 1.1.16 "Ensure that the scheduler.conf file ownership is set to root:root" "$(files_of scheduler --kubeconfig | head -1)"
  check_mode 1.1.17 "Ensure that the controller-manager.conf file permissions are set to 600 or more restrictive" 600 "$(files_of controller-manager --kubeconfig | head -1)"
  check_owner 1.1.18 "Ensure that the controller-manager.conf file ownership is set to root:root" "$(files_of controller-manager --kubeconfig | head -1)"
  local pki=() certs=() keys=()
  mapfile -t pki < <(find "$PKI_DIR")
  mapfile -t certs < <(find "$PKI_DIR" -name '*.crt')
  mapfile -t keys < <(find "$PKI_DIR" -name '*.key')
  check_owner 1.1.19 "Ensure that the Kubernetes PKI directory and file ownership is set to root:root" "${pki[@]}"
  check_mode 1.1.20 "Ensure that the Kubernetes PKI certificate file permissions are set to 644 or more restrictive" 644 "${certs[@]}"
  check_mode 1.1.21 "Ensure that the Kubernetes PKI key file permissions are set to 600" 600 "${keys[@]}"
}

api_server_flags() {
  section "1.2 API Server"
  local a=api-server
  check_flags 1.2.1 "Ensure that the --anonymous-auth argument is set to false" $a --anonymous-auth eq false
  check_flags 1.2.2 "Ensure that the --token-auth-file parameter is not set" $a --token-auth-file unset
  if test_externalips=$(flag_of $a --enable-admission-plugins) && [[ ,$test_externalips, == *,DenyServiceExternalIPs,* ]]; then
    report PASS 1.2.3 "Ensure that the --DenyServiceExternalIPs is set" "--enable-admission-plugins has it"
  else
    na 1.2.3 "Ensure that the --DenyServiceExternalIPs is set" "Kava's kube-proxy does not program spec.externalIPs, so they route nowhere"
  fi
  check_flags 1.2.4 "Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate" $a \
    --kubelet-client-certificate set -- --kubelet-client-key set
  check_flags 1.2.5 "Ensure that the --kubelet-certificate-authority argument is set as appropriate" $a --kubelet-certificate-authority set
  check_flags 1.2.6 "Ensure that the --authorization-mode argument is not set to AlwaysAllow" $a --authorization-mode nothave AlwaysAllow
  check_flags 1.2.7 "Ensure that the --authorization-mode argument includes Node" $a --authorization-mode has Node
  check_flags 1.2.8 "Ensure that the --authorization-mode argument includes RBAC" $a --authorization-mode has RBAC
  # kube-bench asks for the name; Kava's EventRateLimit also needs its limits (the server does not start
  # without them), so the configuration file is checked to be there too.
  check_flags 1.2.9 "Ensure that the admission control plugin EventRateLimit is set" $a \
    --enable-admission-plugins has EventRateLimit -- --admission-control-config-file set
  check_flags 1.2.10 "Ensure that the admission control plugin AlwaysAdmit is not set" $a --enable-admission-plugins unset_or_nothave AlwaysAdmit
  manual 1.2.11 "Ensure that the admission control plugin AlwaysPullImages is set" \
    "not set: the kubelets here pull from no registry (--registry-pulls=false), so every pod runs a local image; Kava has no AlwaysPullImages admission"
  check_flags 1.2.12 "Ensure that the admission control plugin ServiceAccount is set" $a --disable-admission-plugins unset_or_nothave ServiceAccount
  check_flags 1.2.13 "Ensure that the admission control plugin NamespaceLifecycle is set" $a --disable-admission-plugins unset_or_nothave NamespaceLifecycle
  if load_args "$(instances $a | head -1)" && test_flag --enable-admission-plugins has NodeRestriction; then
    check_flags 1.2.14 "Ensure that the admission control plugin NodeRestriction is set" $a --enable-admission-plugins has NodeRestriction
  elif test_flag --authorization-mode has Node; then
    manual 1.2.14 "Ensure that the admission control plugin NodeRestriction is set" \
      "on through --authorization-mode=Node (Kava wires it there); kube-bench wants it named in --enable-admission-plugins"
  else
    report FAIL 1.2.14 "Ensure that the admission control plugin NodeRestriction is set" "neither --enable-admission-plugins nor --authorization-mode has it"
  fi
  check_flags 1.2.15 "Ensure that the --profiling argument is set to false" $a --profiling eq false
  check_flags 1.2.16 "Ensure that the --audit-log-path argument is set" $a --audit-log-path set
  check_flags 1.2.17 "Ensure that the --audit-log-maxage argument is set to 30 or as appropriate" $a --audit-log-maxage gte 30
  check_flags 1.2.18 "Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate" $a --audit-log-maxbackup gte 10
  check_flags 1.2.19 "Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate" $a --audit-log-maxsize gte 100
  check_request_timeout 1.2.20 "Ensure that the --request-timeout argument is set as appropriate" $a
  check_flags 1.2.21 "Ensure that the --service-account-lookup argument is set to true" $a --service-account-lookup unset_or_eq true
  check_flags 1.2.22 "Ensure that the --service-account-key-file argument is set as appropriate" $a --service-account-key-file set
  check_flags 1.2.23 "Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate" $a \
    --etcd-certfile set -- --etcd-keyfile set
  check_flags 1.2.24 "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate" $a \
    --tls-cert-file set -- --tls-private-key-file set
  check_flags 1.2.25 "Ensure that the --client-ca-file argument is set as appropriate" $a --client-ca-file set
  check_flags 1.2.26 "Ensure that the --etcd-cafile argument is set as appropriate" $a --etcd-cafile set
  check_flags 1.2.27 "Ensure that the --encryption-provider-config argument is set as appropriate" $a --encryption-provider-config set
  local config provider
  config=$(flag_of $a --encryption-provider-config)
  # kube-bench's audit: the first provider named after "providers:".
  provider=$(grep -A1 'providers:' "$config" 2>/dev/null | tail -n1 | grep -o '[A-Za-z]*' | head -1)
  case $provider in
    aescbc | kms | secretbox) report PASS 1.2.28 "Ensure that encryption providers are appropriately configured" "first provider $provider" ;;
    aesgcm) manual 1.2.28 "Ensure that encryption providers are appropriately configured" \
      "first provider aesgcm (CIS lists aescbc, kms, secretbox; aescbc works too, docs/security.md)" ;;
    *) report FAIL 1.2.28 "Ensure that encryption providers are appropriately configured" "first provider '${provider:-none}' in ${config:-no file}" ;;
  esac
  check_flags 1.2.29 "Ensure that the API Server only makes use of Strong Cryptographic Ciphers" $a \
    --tls-cipher-suites valid_elements "$STRONG_API_SERVER_SUITES"
  check_flags 1.2.30 "Ensure that the --service-account-extend-token-expiration parameter is set to false" $a \
    --service-account-extend-token-expiration eq false
}

controller_manager_flags() {
  section "1.3 Controller Manager"
  local c=controller-manager
  check_flags 1.3.1 "Ensure that the --terminated-pod-gc-threshold argument is set as appropriate" $c --terminated-pod-gc-threshold set
  check_flags 1.3.2 "Ensure that the --profiling argument is set to false" $c --profiling eq false
  check_flags 1.3.3 "Ensure that the --use-service-account-credentials argument is set to true" $c \
    --use-service-account-credentials eq true
  na 1.3.4 "Ensure that the --service-account-private-key-file argument is set as appropriate" \
    "the controller manager signs no tokens: Kava has no legacy Secret tokens, bound tokens come from the API server's --service-account-signing-key-file"
  check_flags 1.3.5 "Ensure that the --root-ca-file argument is set as appropriate" $c --root-ca-file set
  check_flags 1.3.6 "Ensure that the RotateKubeletServerCertificate argument is set to true" $c --feature-gates unset_or_nothave RotateKubeletServerCertificate=false
  check_flags 1.3.7 "Ensure that the --bind-address argument is set to 127.0.0.1" $c --bind-address unset_or_eq 127.0.0.1
}

scheduler_flags() {
  section "1.4 Scheduler"
  check_flags 1.4.1 "Ensure that the --profiling argument is set to false" scheduler --profiling eq false
  check_flags 1.4.2 "Ensure that the --bind-address argument is set to 127.0.0.1" scheduler --bind-address unset_or_eq 127.0.0.1
}

# --- section 2: etcd -------------------------------------------------------------------------------------

etcd_flags() {
  section "2 Etcd Node Configuration"
  check_flags 2.1 "Ensure that the --cert-file and --key-file arguments are set as appropriate" etcd --cert-file set -- --key-file set
  check_flags 2.2 "Ensure that the --client-cert-auth argument is set to true" etcd --client-cert-auth eq true
  check_flags 2.3 "Ensure that the --auto-tls argument is not set to true" etcd --auto-tls unset_or_noteq true
  check_flags 2.4 "Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate" etcd \
    --peer-cert-file set -- --peer-key-file set
  check_flags 2.5 "Ensure that the --peer-client-cert-auth argument is set to true" etcd --peer-client-cert-auth eq true
  check_flags 2.6 "Ensure that the --peer-auto-tls argument is not set to true" etcd --peer-auto-tls unset_or_noteq true
  local etcd_ca api_ca
  etcd_ca=$(flag_of etcd --trusted-ca-file) api_ca=$(flag_of api-server --client-ca-file)
  if [[ -f $etcd_ca && -f $api_ca ]] && ! cmp -s "$etcd_ca" "$api_ca"; then
    report PASS 2.7 "Ensure that a unique Certificate Authority is used for etcd" "--trusted-ca-file ${etcd_ca#"$STATE_DIR"/} is not the API server's client CA"
  else
    report FAIL 2.7 "Ensure that a unique Certificate Authority is used for etcd" "etcd --trusted-ca-file '${etcd_ca}', API server --client-ca-file '${api_ca}'"
  fi
}

# --- section 3: control plane configuration --------------------------------------------------------------

control_plane_config() {
  section "3 Control Plane Configuration"
  manual 3.1.1 "Client certificate authentication should not be used for users" \
    "the admin kubeconfig is a client certificate, as kubeadm's admin.conf; give people tokens or certificates they can lose"
  manual 3.1.2 "Service account token authentication should not be used for users" "a person's choice"
  manual 3.1.3 "Bootstrap token authentication should not be used for users" "a person's choice"
  check_flags 3.2.1 "Ensure that a minimal audit policy is created" api-server --audit-policy-file set
  manual 3.2.2 "Ensure that the audit policy covers key security concerns" \
    "deploy/audit-policy.yaml: Metadata for Secrets, ConfigMaps, tokens; RequestResponse for RBAC writes (docs/security.md)"
}

# --- section 4: worker nodes -----------------------------------------------------------------------------

node_files() {
  section "4.1 Worker Node Configuration Files"
  local units=()
  mapfile -t units < <(find /etc/systemd/system -maxdepth 1 -name 'kava-*.service' 2>/dev/null)
  if ((${#units[@]} > 0)); then
    check_mode 4.1.1 "Ensure that the kubelet service file permissions are set to 600 or more restrictive" 600 "${units[@]}"
    check_owner 4.1.2 "Ensure that the kubelet service file ownership is set to root:root" "${units[@]}"
  else
    na 4.1.1 "Ensure that the kubelet service file permissions are set to 600 or more restrictive" "up.sh writes no service file (the command line is in /proc, its settings in cluster.env: 1.1.1)"
    na 4.1.2 "Ensure that the kubelet service file ownership is set to root:root" "no service file"
  fi
  local proxy=() kubelet=() cas=()
  mapfile -t proxy < <(files_of kube-proxy --kubeconfig)
  mapfile -t kubelet < <(files_of kubelet --kubeconfig)
  mapfile -t cas < <(files_of kubelet --client-ca-file)
  check_mode 4.1.3 "If proxy kubeconfig file exists ensure permissions are set to 600 or more restrictive" 600 "${proxy[@]}"
  check_owner 4.1.4 "If proxy kubeconfig file exists ensure ownership is set to root:root" "${proxy[@]}"
  check_mode 4.1.5 "Ensure that the --kubeconfig kubelet.conf file permissions are set to 600 or more restrictive" 600 "${kubelet[@]}"
  check_owner 4.1.6 "Ensure that the --kubeconfig kubelet.conf file ownership is set to root:root" "${kubelet[@]}"
  check_mode 4.1.7 "Ensure that the certificate authorities file permissions are set to 644 or more restrictive" 644 "${cas[@]}"
  check_owner 4.1.8 "Ensure that the client certificate authorities file ownership is set to root:root" "${cas[@]}"
  na 4.1.9 "If the kubelet config.yaml configuration file is being used validate permissions set to 600 or more restrictive" "the kubelet takes flags only (no --config)"
  na 4.1.10 "If the kubelet config.yaml configuration file is being used validate file ownership is set to root:root" "no kubelet config file"
}

kubelet_flags() {
  section "4.2 Kubelet"
  local k=kubelet
  check_flags 4.2.1 "Ensure that the --anonymous-auth argument is set to false" $k --anonymous-auth eq false
  check_flags 4.2.2 "Ensure that the --authorization-mode argument is not set to AlwaysAllow" $k --authorization-mode nothave AlwaysAllow
  check_flags 4.2.3 "Ensure that the --client-ca-file argument is set as appropriate" $k --client-ca-file set
  check_flags 4.2.4 "Verify that if defined, the --read-only-port argument is set to 0" $k --read-only-port unset_or_eq 0
  # Unset is upstream's (and Kava's) 4h0m0s.
  check_flags 4.2.5 "Ensure that the --streaming-connection-idle-timeout argument is not set to 0" $k \
    --streaming-connection-idle-timeout unset_or_noteq 0
  check_flags 4.2.6 "Ensure that the --make-iptables-util-chains argument is set to true" $k --make-iptables-util-chains unset_or_eq true
  check_flags 4.2.7 "Ensure that the --hostname-override argument is not set" $k --hostname-override unset
  check_flags 4.2.8 "Ensure that the eventRecordQPS argument is set to a level which ensures appropriate event capture" $k --event-qps unset_or_gte 0
  check_flags 4.2.9 "Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate" $k \
    --tls-cert-file set -- --tls-private-key-file set
  check_flags 4.2.10 "Ensure that the --rotate-certificates argument is not set to false" $k --rotate-certificates unset_or_eq true
  # Kava has no feature gate: the flag itself (upstream's serverTLSBootstrap) turns the rotation on.
  check_flags 4.2.11 "Verify that the RotateKubeletServerCertificate argument is set to true" $k \
    --rotate-server-certificates eq true
  check_flags 4.2.12 "Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers" $k \
    --tls-cipher-suites valid_elements "$STRONG_KUBELET_SUITES"
  # A limit: a positive number (upstream's -1, the default, is none).
  check_flags 4.2.13 "Ensure that a limit is set on pod PIDs" $k --pod-max-pids gte 1
  manual 4.2.14 "Ensure that the --seccomp-default parameter is set to true" \
    "no flag: a container without a seccompProfile runs under Docker's default profile, what --seccomp-default=true gives upstream"
  section "4.3 kube-proxy"
  check_flags 4.3.1 "Ensure that the kube-proxy metrics service is bound to localhost" kube-proxy --metrics-bind-address unset_or_eq 127.0.0.1
}

# --- section 5: policies ---------------------------------------------------------------------------------

kavactl() { env -u KAVA_API_SERVER -u KAVA_CONFIG KUBECONFIG="$ADMIN_KUBECONFIG" "$KAVA_ROOT/deploy/kavactl" "$@" </dev/null; }

# fetch_objects -- reads the objects section 5 looks at, in one kavactl call (each starts a JVM).
fetch_objects() {
  OBJECTS=$(kavactl get clusterrolebindings,clusterroles,roles,serviceaccounts,pods,namespaces,networkpolicies -A -o json 2>/dev/null) ||
    OBJECTS='{"items":[]}'
}

# json KIND -- the objects of KIND (ClusterRole, Pod, ...) fetch_objects read, as one JSON List.
json() { jq --arg k "$1" '{items: [.items[] | select(.kind == $k)]}' <<<"$OBJECTS"; }

policies() {
  section "5 Policies"
  fetch_objects
  local bindings list
  bindings=$(json ClusterRoleBinding)
  list=$(jq -r '.items[] | select(.roleRef.name == "cluster-admin" and .metadata.name != "cluster-admin")
    | "\(.metadata.name) -> \([.subjects[]? | .kind + ":" + .name] | join(","))"' <<<"$bindings" | paste -sd';')
  if [[ -z $list ]]; then
    report PASS 5.1.1 "Ensure that the cluster-admin role is only used where required" \
      "only the cluster-admin binding ($(jq -r '.items[] | select(.metadata.name == "cluster-admin") | [.subjects[]? | .kind + ":" + .name] | join(",")' <<<"$bindings"))"
  else
    manual 5.1.1 "Ensure that the cluster-admin role is only used where required" "also bound by: $list"
  fi
  manual 5.1.2 "Minimize access to secrets" "$(rules_granting secrets get list watch)"
  manual 5.1.3 "Minimize wildcard use in Roles and ClusterRoles" \
    "$(jq -r '[.items[] | select(.metadata.name | startswith("system:") | not) | select([.rules[]? | (.verbs + .resources + (.apiGroups // []))[]] | index("*")) | .metadata.name] | "with *: " + (if length == 0 then "none" else join(",") end)' <<<"$(json ClusterRole)") (system: roles are upstream's bootstrap ones)"
  manual 5.1.4 "Minimize access to create pods" "$(rules_granting pods create)"
  local defaults
  defaults=$(jq -r '[.items[] | select(.metadata.name == "default" and .automountServiceAccountToken != false) | .metadata.namespace] | join(",")' <<<"$(json ServiceAccount)")
  if [[ -z $defaults ]]; then
    report PASS 5.1.5 "Ensure that default service accounts are not actively used" "every default ServiceAccount has automountServiceAccountToken: false"
  else
    manual 5.1.5 "Ensure that default service accounts are not actively used" "automountServiceAccountToken not false in namespaces: $defaults (upstream's default too)"
  fi
  manual 5.1.6 "Ensure that Service Account Tokens are only mounted where necessary" \
    "pods that mount a token (automountServiceAccountToken not false): $(jq -r '[.items[] | select(.spec.automountServiceAccountToken != false) | .metadata.namespace + "/" + .metadata.name] | length' <<<"$(json Pod)")"
  manual 5.1.7 "Avoid use of system:masters group" "the admin kubeconfig is kubernetes-admin in system:masters, as kubeadm's admin.conf"
  manual 5.1.8 "Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster" "$(rules_granting '*' bind impersonate escalate)"
  manual 5.1.9 "Minimize access to create persistent volumes" "$(rules_granting persistentvolumes create)"
  manual 5.1.10 "Minimize access to the proxy sub-resource of nodes" "$(rules_granting nodes/proxy get create)"
  manual 5.1.11 "Minimize access to the approval sub-resource of certificatesigningrequests objects" "$(rules_granting certificatesigningrequests/approval update)"
  na 5.1.12 "Minimize access to webhook configuration objects" "Kava has no admission webhooks"
  manual 5.1.13 "Minimize access to the service account token creation" "$(rules_granting serviceaccounts/token create)"
  local disabled
  disabled=$(flag_of api-server --disable-admission-plugins || true)
  if [[ ,$disabled, != *,PodSecurity,* ]]; then
    report PASS 5.2.1 "Ensure that the cluster has at least one active policy control mechanism in place" "PodSecurity admission is on (namespace labels pod-security.kubernetes.io/enforce)"
  else
    report FAIL 5.2.1 "Ensure that the cluster has at least one active policy control mechanism in place" "--disable-admission-plugins=$disabled"
  fi
  local pods
  pods=$(json Pod)
  pod_check 5.2.2 "Minimize the admission of privileged containers" '[.spec.containers[] | select(.securityContext.privileged == true)] | length > 0'
  pod_check 5.2.3 "Minimize the admission of containers wishing to share the host process ID namespace" '.spec.hostPID == true'
  pod_check 5.2.4 "Minimize the admission of containers wishing to share the host IPC namespace" '.spec.hostIPC == true'
  pod_check 5.2.5 "Minimize the admission of containers wishing to share the host network namespace" '.spec.hostNetwork == true'
  pod_check 5.2.6 "Minimize the admission of containers with allowPrivilegeEscalation" '[.spec.containers[] | select(.securityContext.allowPrivilegeEscalation == true)] | length > 0'
  pod_check 5.2.7 "Minimize the admission of root containers" '[.spec.containers[] | select((.securityContext.runAsNonRoot // $pod.spec.securityContext.runAsNonRoot) != true)] | length > 0'
  pod_check 5.2.8 "Minimize the admission of containers with the NET_RAW capability" '[.spec.containers[] | select(((.securityContext.capabilities.drop // []) | index("ALL") or index("NET_RAW")) | not)] | length > 0'
  pod_check 5.2.9 "Minimize the admission of containers with capabilities assigned" '[.spec.containers[] | select((.securityContext.capabilities.add // []) | length > 0)] | length > 0'
  na 5.2.10 "Minimize the admission of Windows HostProcess containers" "Kava runs Linux containers only"
  pod_check 5.2.11 "Minimize the admission of HostPath volumes" '[.spec.volumes[]? | select(.hostPath)] | length > 0'
  pod_check 5.2.12 "Minimize the admission of containers which use HostPorts" '[.spec.containers[].ports[]? | select(.hostPort)] | length > 0'
  check_network_policy_enforcement
  check_namespaces_have_network_policies
  manual 5.4.1 "Prefer using Secrets as files over Secrets as environment variables" "a workload's choice"
  manual 5.4.2 "Consider external secret storage" "Secrets are encrypted in etcd (1.2.27); no KMS provider"
  na 5.5.1 "Configure Image Provenance using ImagePolicyWebhook admission controller" "Kava has no ImagePolicyWebhook; images are local"
  manual 5.6.1 "Create administrative boundaries between resources using namespaces" "namespaces: $(jq -r '[.items[].metadata.name] | join(",")' <<<"$(json Namespace)")"
  pod_check 5.6.2 "Ensure that the seccomp profile is set to docker/default in your Pod definitions" '[.spec.containers[] | select(((.securityContext.seccompProfile.type // $pod.spec.securityContext.seccompProfile.type) // "RuntimeDefault") == "Unconfined")] | length > 0'
  manual 5.6.3 "Apply SecurityContext to your Pods and Containers" "a workload's choice (PodSecurity restricted enforces it per namespace)"
  manual 5.6.4 "The default namespace should not be used" \
    "pods in default: $(jq -r '[.items[] | select(.metadata.namespace == "default")] | length' <<<"$(json Pod)")"
}

# 5.3.1: the node agent that enforces NetworkPolicy is kube-proxy's network policy controller
# (docs/kube-proxy.md#network-policy): PASS when kube-proxy runs without --enforce-network-policy=false and,
# where iptables can be read (root), its TAG-NETPOL chain is in filter and jumped to from FORWARD.
check_network_policy_enforcement() {
  local id=5.3.1 text="Ensure that the CNI in use supports NetworkPolicies" name enforce tag saved
  name=$(instances kube-proxy | head -1)
  if [[ -z $name ]]; then
    report FAIL $id "$text" "no running kube-proxy in $RUN_DIR: nothing enforces NetworkPolicies"
    return
  fi
  enforce=$(flag_of kube-proxy --enforce-network-policy || true)
  if [[ -n $enforce && $enforce != true ]]; then
    report FAIL $id "$text" "kube-proxy runs with --enforce-network-policy=$enforce"
    return
  fi
  tag=$(flag_of kube-proxy --cluster-tag || true)
  tag=${tag:-KAVA}
  # A kube-proxy just started by up.sh writes its chains within seconds of its first list: wait up to 10 s.
  local tries=0
  while saved=$(iptables-save -t filter 2>/dev/null) && ! grep -q -- "^-A FORWARD .*-j ${tag}-NETPOL\$" <<<"$saved" &&
    ((tries++ < 20)); do
    sleep 0.5
  done
  if ! saved=$(iptables-save -t filter 2>/dev/null); then
    report PASS $id "$text" "kube-proxy enforces NetworkPolicies (--enforce-network-policy on); iptables not readable here to see ${tag}-NETPOL"
  elif grep -q -- "^-A FORWARD .*-j ${tag}-NETPOL\$" <<<"$saved"; then
    report PASS $id "$text" "kube-proxy enforces NetworkPolicies: chain ${tag}-NETPOL jumped to from filter FORWARD"
  else
    report FAIL $id "$text" "kube-proxy runs with network policies on, but filter FORWARD has no jump to ${tag}-NETPOL"
  fi
}

# 5.3.2 (Manual in kube-bench, so WARN): the namespaces in which no NetworkPolicy is defined, by name.
check_namespaces_have_network_policies() {
  local id=5.3.2 text="Ensure that all Namespaces have NetworkPolicies defined" without
  without=$(jq -rs '(.[1].items | map(.metadata.namespace) | unique) as $with
    | [.[0].items[].metadata.name | select(. as $n | $with | index($n) | not)] | join(",")' \
    <(json Namespace) <(json NetworkPolicy))
  if [[ -z $without ]]; then
    report PASS $id "$text" "every namespace has a NetworkPolicy"
  else
    manual $id "$text" "namespaces without a NetworkPolicy: $without"
  fi
}

# rules_granting RESOURCE VERB... -- the roles (ClusterRoles and Roles) whose rules grant one of VERBs on
# RESOURCE (or on everything), as one line; upstream's system: roles are named apart.
rules_granting() {
  local resource=$1
  shift
  local verbs
  verbs=$(printf '"%s",' "$@")
  jq -rs --arg r "$resource" "[.[].items[] | select([.rules[]? | select((.resources // []) | (index(\$r) or index(\"*\")))
      | select((.verbs // []) | (index(\"*\") or (map(IN(${verbs%,})) | any)))] | length > 0)
      | (if .metadata.namespace then .metadata.namespace + \"/\" else \"\" end) + .metadata.name]
      | (map(select(startswith(\"system:\") | not)) | \"granted by: \" + (if length == 0 then \"none\" else join(\",\") end))
        + \" (+ \" + (map(select(startswith(\"system:\"))) | length | tostring) + \" of upstream's system: roles)\"" \
    <(json ClusterRole) <(json Role)
}

# pod_check ID TEXT JQ -- the pods (all namespaces) for which JQ is true ($pod is the pod); PASS when none.
pod_check() {
  local bad
  bad=$(jq -r ".items[] | . as \$pod | select($3) | .metadata.namespace + \"/\" + .metadata.name" <<<"$pods" | paste -sd,)
  if [[ -z $bad ]]; then
    report PASS "$1" "$2" "no such pod"
  else
    manual "$1" "$2" "pods: $bad"
  fi
}

# --- main ------------------------------------------------------------------------------------------------

main() {
  case ${1:-} in
    -h | --help) sed -n '2,12p' "$0"; finish 0 ;;
    -*) die "unknown option: $1 (see --help)" ;;
  esac
  use_state_dir "${1:-}"
  [[ -d $RUN_DIR ]] && find_instances
  [[ -n $(instances api-server) ]] ||
    { log "no running cluster in $STATE_DIR (start one with deploy/up.sh --state-dir $STATE_DIR)"; finish 2; }
  have jq || die "jq is needed (apt-get install jq)"
  printf 'CIS Kubernetes Benchmark v1.12 (kube-bench cfg/cis-1.12) against the cluster in %s\n' "$STATE_DIR"
  control_plane_files
  api_server_flags
  controller_manager_flags
  scheduler_flags
  etcd_flags
  control_plane_config
  node_files
  kubelet_flags
  policies
  printf '\n== Summary\n%d checks PASS\n%d checks FAIL\n%d checks WARN\n%d checks INFO\n' \
    "${COUNT[PASS]}" "${COUNT[FAIL]}" "${COUNT[WARN]}" "${COUNT[INFO]}"
  ((COUNT[FAIL] == 0)) || finish 1
}

main "$@"
