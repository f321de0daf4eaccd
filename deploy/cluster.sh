# shellcheck shell=bash
# What deploy/up.sh (the local cluster) and deploy/install.sh (a cluster on real hosts) share: building
# the jars and the copies processes run, the cluster's certificates and kubeconfigs, and the security
# flags of each process as kubeadm passes them. Source after lib.sh and state.sh (use_state_dir sets
# the paths used here).

# Modules that run as processes; each builds <module>/target/kava-<module>.jar plus target/lib/.
PROCESS_MODULES=(api-server scheduler controller-manager dns kubelet kube-proxy kubectl)

module_in_build() { grep -q "<module>$1</module>" "$KAVA_ROOT/pom.xml"; }

module_jar() { echo "$KAVA_ROOT/$1/target/kava-$1.jar"; }

# When up.sh last built the jars: a property of the checkout, so it lives in its target/.
BUILD_STAMP() { echo "$KAVA_ROOT/target/kava-build.stamp"; }

# True when a process module's jar is missing, or a pom or source file changed since the last build
# up.sh ran (jars are not rewritten when their module did not change, so jar times cannot tell).
jars_stale() {
  local m stamp newer
  for m in "${PROCESS_MODULES[@]}"; do
    module_in_build "$m" || continue
    [[ -f $(module_jar "$m") ]] || { log "build: $m/target/kava-$m.jar is missing"; return 0; }
  done
  stamp=$(BUILD_STAMP)
  [[ -f $stamp ]] || { log "build: no build by up.sh recorded yet"; return 0; }
  newer=$(cd "$KAVA_ROOT" && find pom.xml ./*/pom.xml ./*/src -newer "$stamp" -type f -print -quit 2>/dev/null)
  [[ -n $newer ]] && { log "build: ${newer#./} changed since the last build"; return 0; }
  return 1
}

build_jars() {
  if ((DO_BUILD == 0)); then
    log "build: skipped (--no-build)"
    return 0
  fi
  if ! jars_stale; then
    log "build: jars are up to date"
    return 0
  fi
  local start=$SECONDS stamp
  stamp=$(BUILD_STAMP)
  # Taken before the build, so a file edited during the build counts as changed next time.
  mkdir -p "$(dirname "$stamp")"
  touch "$stamp.next"
  log "build: mvn -B -q -DskipTests package (running processes keep their own copy of the jars)"
  # Debian's Maven prints bare colour resets even in batch mode; drop them.
  (cd "$KAVA_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package </dev/null 2>&1) | sed 's/\x1b\[0m//g' >&2 ||
    die "the build failed (mvn output above)"
  mv "$stamp.next" "$stamp"
  log "build: done in $((SECONDS - start))s"
}

# A key that changes whenever the module's jar or any of its libraries changes.
build_key() {
  local m=$1
  {
    stat -c '%n %s %Y' "$(module_jar "$m")"
    find "$KAVA_ROOT/$m/target/lib" -type f -printf '%f %s %T@\n' 2>/dev/null | sort
  } | sha256sum | cut -c1-12
}

# snapshot MODULE -- prints a directory under bin/ holding a copy of the jar and its lib/.
snapshot() {
  local m=$1 dir tmp
  # With --run-in-place (an image, where jars never change) the module's own target/ (same layout).
  ((${RUN_IN_PLACE:-0})) && { echo "$KAVA_ROOT/$m/target"; return 0; }
  dir=$BIN_DIR/$m-$(build_key "$m")
  if [[ ! -d $dir ]]; then
    tmp=$dir.tmp.$$
    mkdir -p "$tmp"
    cp "$(module_jar "$m")" "$tmp/"
    [[ -d $KAVA_ROOT/$m/target/lib ]] && cp -r "$KAVA_ROOT/$m/target/lib" "$tmp/lib"
    mv "$tmp" "$dir"
  fi
  echo "$dir"
}

# etcd_tls_flags -- etcd as kubeadm runs it: clients and peers over TLS, a certificate of the etcd CA
# required from both (made in pki/etcd/ by ensure_certificates; etcd reads its own copies in etcd-pki/,
# see prepare_etcd). One word per line (mapfile reads them).
etcd_tls_flags() {
  local dir=$STATE_DIR/etcd-pki
  printf '%s\n' --cert-file "$dir/server.crt" --key-file "$dir/server.key" \
    --client-cert-auth --trusted-ca-file "$dir/ca.crt" \
    --peer-cert-file "$dir/peer.crt" --peer-key-file "$dir/peer.key" \
    --peer-client-cert-auth --peer-trusted-ca-file "$dir/ca.crt"
}

# --- etcd's own user (CIS 1.1.11, 1.1.12) ------------------------------------------------------------
# As root, etcd runs as the system user etcd (Debian's etcd-server package creates it; ensure_etcd_user
# does when it is missing), its data directories etcd:etcd 0700, its keys copies in etcd-pki/ owned by
# etcd 0600: pki/ itself stays root:root (CIS 1.1.19). Not as root, only that user can run etcd, so it
# does (cis-check.sh says so). setpriv changes the user and execs: the pid up.sh records is etcd's own.
ETCD_USER=etcd

# etcd_as_own_user -- true when etcd runs as the etcd user (the script runs as root; KAVA_ETCD_USER=root
# keeps root, for a state directory etcd cannot reach).
etcd_as_own_user() { [[ $(id -u) -eq 0 && ${KAVA_ETCD_USER:-$ETCD_USER} == "$ETCD_USER" ]]; }

ensure_etcd_user() {
  id -u "$ETCD_USER" >/dev/null 2>&1 && return 0
  useradd --system --user-group --no-create-home --home-dir /var/lib/etcd --shell /usr/sbin/nologin "$ETCD_USER" ||
    die "could not create the system user $ETCD_USER (useradd --system); etcd must not run as root"
  log "created the system user $ETCD_USER for etcd"
}

# etcd_command -- the words that start etcd as its user (then etcd's own flags follow). One word per line.
etcd_command() {
  if etcd_as_own_user; then
    printf '%s\n' setpriv --reuid "$ETCD_USER" --regid "$ETCD_USER" --init-groups -- etcd
  else
    printf '%s\n' etcd
  fi
}

# prepare_etcd DATA_DIR... -- before etcd starts: each data directory 0700 and, as root, owned by etcd
# (also a restored one: chown -R); etcd's certificates and keys copied from pki/etcd/ into etcd-pki/
# (0700; keys 0600), owned by etcd; the state directory searchable by etcd's group (root:etcd 0710, no
# listing, nothing else opened) so that etcd reaches its two directories.
prepare_etcd() {
  local dir copy=$STATE_DIR/etcd-pki f owner
  owner=$(id -un):$(id -gn)
  if etcd_as_own_user; then
    ensure_etcd_user
    owner=$ETCD_USER:$ETCD_USER
    chgrp "$ETCD_USER" "$STATE_DIR" && chmod g+x,g-rw "$STATE_DIR"
  fi
  install -d -m 700 -o "${owner%:*}" -g "${owner#*:}" "$copy"
  for f in ca.crt server.crt peer.crt; do
    install -m 644 -o "${owner%:*}" -g "${owner#*:}" "$PKI_DIR/etcd/$f" "$copy/$f" || die "could not copy $PKI_DIR/etcd/$f for etcd"
  done
  for f in server.key peer.key; do
    install -m 600 -o "${owner%:*}" -g "${owner#*:}" "$PKI_DIR/etcd/$f" "$copy/$f" || die "could not copy $PKI_DIR/etcd/$f for etcd"
  done
  for dir in "$@"; do
    mkdir -p "$dir"
    chmod 700 "$dir"
    etcd_as_own_user && chown -R "$owner" "$dir"
  done
  if etcd_as_own_user && ! setpriv --reuid "$ETCD_USER" --regid "$ETCD_USER" --init-groups -- test -r "$copy/server.key" -a -w "$1"; then
    die "etcd runs as the user $ETCD_USER, who cannot reach $STATE_DIR (a parent directory is closed to it); pick a --state-dir under a searchable directory, or run etcd as root with KAVA_ETCD_USER=root"
  fi
}

# ensure_certificates -- kubeadm's `init phase certs` and `init phase kubeconfig`: the cluster CA, the API
# server's serving certificate (127.0.0.1, the kubernetes Service's ClusterIP, kubernetes.default.svc...),
# a client certificate and kubeconfig per identity (admin, scheduler, controller-manager, kube-proxy, dns,
# kubelet-<node>), etcd's CA, serving and peer certificates and the API server's etcd and kubelet
# clients, under the state directory, keys 0600. Before etcd starts: etcd serves TLS only. What exists is kept (the CA survives restarts);
# a new node gets its own, a kubeconfig follows a new API port. Needs the API server's jar (the generator
# is in it); without it nothing can start anyway.
ensure_certificates() {
  local i nodes=()
  for ((i = 1; i <= NODES; i++)); do nodes+=(--node "$(node_name "$i")=$(node_ip "$i")"); done
  local san sans=()
  # More names and addresses in the serving certificate (up.sh --tls-san, --advertise-address: an image's).
  # shellcheck disable=SC2086 # one name per word
  local tls_sans=${TLS_SANS:-}
  for san in ${tls_sans//,/ } ${ADVERTISE_ADDRESS:-}; do sans+=(--address "$san"); done
  # The Docker bridge address pods reach the API server at (up.sh's api_server_pod_flags).
  if declare -F docker_bridge_address >/dev/null; then
    san=$(docker_bridge_address)
    [[ -n $san ]] && sans+=(--address "$san")
  fi
  cluster_certificates "$(api_servers)" "${nodes[@]}" "${sans[@]}"
}

# cluster_certificates SERVER [--address A]... [--node NAME=IP]... -- the same for any server address
# the kubeconfigs name and any nodes (deploy/install.sh server: the host's address and its own node).
cluster_certificates() {
  local jar server=$1
  shift
  jar=$(module_jar api-server)
  [[ -f $jar ]] || return 0
  java -XX:TieredStopAtLevel=1 -cp "$jar" io.kava.client.pki.ClusterCertificates "$STATE_DIR" "$server" \
    "$SERVICE_CIDR" "$@" </dev/null || die "could not create the cluster's certificates in $PKI_DIR"
}

# The API server as kubeadm starts it: TLS only, client certificates of the cluster CA, no anonymous
# calls, the Node and RBAC authorizers, bootstrap tokens for joining hosts (kubeadm passes that too), and
# EventRateLimit with its configuration (CIS 1.2.9). --request-timeout stays at its default, 1m0s. One
# word per line (mapfile reads them).
secure_api_server_flags() {
  printf '%s\n' --tls-cert-file "$PKI_DIR/apiserver.crt" --tls-private-key-file "$PKI_DIR/apiserver.key" \
    --client-ca-file "$PKI_DIR/ca.crt" --anonymous-auth=false --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction,EventRateLimit --admission-control-config-file "$(admission_config)" \
    --enable-bootstrap-token-auth=true \
    --tls-cipher-suites="$API_SERVER_CIPHER_SUITES" --tls-min-version=VersionTLS12
}

# admission_config -- the AdmissionConfiguration of --admission-control-config-file, written each time
# the flags are (up.sh: every start; install.sh: with the units; it holds no secret): EventRateLimit
# with one Server limit, 50 events a second with bursts of 100, upstream's documented example;
# docs/security.md says why that size.
admission_config() {
  local file=$STATE_DIR/admission-config.yaml
  (umask 077; printf '%s\n' 'apiVersion: apiserver.config.k8s.io/v1' 'kind: AdmissionConfiguration' 'plugins:' \
    '  - name: EventRateLimit' '    configuration:' '      apiVersion: eventratelimit.admission.k8s.io/v1alpha1' \
    '      kind: Configuration' '      limits:' '        - type: Server' '          qps: 50' '          burst: 100' >"$file")
  printf '%s' "$file"
}

# Strong cipher suites only (CIS 1.2.29, 4.2.12): kube-bench's lists, as the JVM has them (all do; the two
# pre-1.14 Go names of the ChaCha20 suites are the same suites as their IANA names, given once). The
# API server's is 1.2.29's (TLS 1.3 names included; TLS 1.3 offers its three AEAD suites either way);
# the kubelet's is 4.2.12's shorter list, which names no TLS 1.3 suite and takes Go's ChaCha20 names.
API_SERVER_CIPHER_SUITES=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,\
TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,\
TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
KUBELET_CIPHER_SUITES=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,\
TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,\
TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384

# kubelet_tls_policy_flags -- the kubelet's serving port takes only those suites, TLS 1.2 and up.
kubelet_tls_policy_flags() { printf '%s\n' --tls-cipher-suites="$KUBELET_CIPHER_SUITES" --tls-min-version=VersionTLS12; }

# The controller manager signs approved CSRs with the cluster CA, as kubeadm passes it.
cluster_signing_flags() {
  printf '%s\n' --cluster-signing-cert-file "$PKI_DIR/ca.crt" --cluster-signing-key-file "$PKI_DIR/ca.key"
}

# kubeconfig_of IDENTITY -- the kubeconfig a component connects with (its own client certificate).
kubeconfig_of() { echo "$STATE_DIR/$1.kubeconfig"; }

# encryption_config -- Secrets encrypted in etcd (issue 12): the aesgcm key is made once, 0600, in the
# state directory, as kubeadm users do by hand; rotation is in docs/security.md.
encryption_config() {
  local file=$STATE_DIR/encryption-config.yaml
  if [[ ! -f $file ]]; then
    (umask 077; printf '%s\n' 'apiVersion: apiserver.config.k8s.io/v1' 'kind: EncryptionConfiguration' 'resources:' \
      '  - resources: [secrets]' '    providers:' '      - aesgcm:' '          keys:' '            - name: key1' \
      "              secret: $(head -c 32 /dev/urandom | base64 -w0)" '      - identity: {}' >"$file")
  fi
  printf '%s' "$file"
}

# audit_args -- the audit log (issue 12): deploy/audit-policy.yaml, JSON lines in the log directory,
# rotated as CIS asks (30 days, 10 files, 100 MB each).
audit_args() {
  printf '%s\n' --audit-policy-file "$KAVA_ROOT/deploy/audit-policy.yaml" --audit-log-path "$LOG_DIR/${1:-api-server}-audit.log" \
    --audit-log-maxage 30 --audit-log-maxbackup 10 --audit-log-maxsize 100
}

# api_server_backend_flags -- the API server's client certificates towards etcd and the kubelets, and
# the CAs it checks their serving certificates with (kubeadm's flags). One word per line.
api_server_backend_flags() {
  printf '%s\n' --etcd-cafile "$PKI_DIR/etcd/ca.crt" --etcd-certfile "$PKI_DIR/apiserver-etcd-client.crt" \
    --etcd-keyfile "$PKI_DIR/apiserver-etcd-client.key" \
    --kubelet-client-certificate "$PKI_DIR/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$PKI_DIR/apiserver-kubelet-client.key" --kubelet-certificate-authority "$PKI_DIR/ca.crt"
}

# service_account_files -- ServiceAccounts (issue 12), as kubeadm: the token signing pair pki/sa.key and
# pki/sa.pub, made once and kept across restarts. (The cluster CA pki/ca.crt, which the controller manager
# publishes in every namespace as kube-root-ca.crt, comes from ensure_certificates.)
service_account_files() {
  local pki=$PKI_DIR jar
  jar=$(module_jar api-server)
  [[ -f $jar ]] || return 0
  mkdir -p "$pki"
  [[ -f $pki/sa.key && -f $pki/sa.pub ]] ||
    java -cp "$jar" io.kava.apiserver.serviceaccount.KeyFiles "$pki/sa.key" "$pki/sa.pub" || die "could not write $pki/sa.key"
}

service_account_api_flags() {
  printf '%s\n' --service-account-signing-key-file "$PKI_DIR/sa.key" --service-account-key-file "$PKI_DIR/sa.pub"
}

root_ca_flags() { printf '%s\n' --root-ca-file "$PKI_DIR/ca.crt"; }

# cluster_dns_ip -- the cluster DNS Service's address (kube-dns in kube-system): the tenth address of the
# service range, as kubeadm picks it; 10.96.0.10 for the default 10.96.0.0/16. SERVICE_CIDR is a setting
# of state.sh where it has one.
cluster_dns_ip() {
  local cidr=${SERVICE_CIDR:-10.96.0.0/16} a b c d bits n
  IFS=. read -r a b c d <<<"${cidr%/*}"
  bits=${cidr#*/}
  [[ $bits == "$cidr" ]] && bits=32
  n=$(((a << 24 | b << 16 | c << 8 | d) & (0xffffffff << (32 - bits)) & 0xffffffff))
  n=$((n + 10))
  echo "$((n >> 24 & 255)).$((n >> 16 & 255)).$((n >> 8 & 255)).$((n & 255))"
}

# kubelet_serving_flags NODE -- the kubelet's API (logs, exec, attach, port-forward, stats) over TLS with its
# serving certificate, a client certificate of the cluster CA required, each caller authorized by a
# SubjectAccessReview (upstream's kubelet webhook authorizer, as kubeadm configures it). One word per line.
# kubelet_hardening_flags -- CIS 4.2.11 and 4.2.13 for every kubelet up.sh and install.sh start: the
# serving certificate through kubelet-serving CSRs (the controller manager approves a node's own
# addresses), and at most 4096 processes in each container of a pod (upstream's default is no limit;
# 4096 is far above what a pod here runs and far below the host's pid_max). One word per line.
kubelet_hardening_flags() { printf '%s\n' --rotate-server-certificates=true --pod-max-pids 4096; }

kubelet_serving_flags() {
  printf '%s\n' --tls-cert-file "$PKI_DIR/kubelet-$1-serving.crt" --tls-private-key-file "$PKI_DIR/kubelet-$1-serving.key"
  kubelet_auth_flags "$PKI_DIR/ca.crt"
}

# kubelet_auth_flags CA_FILE -- who may call the kubelet's API: a client certificate of the cluster CA
# (CA_FILE), authorized by a SubjectAccessReview; no anonymous caller; the TLS policy. For a kubelet
# whose serving certificate comes only through kubelet-serving CSRs (an agent: --rotate-server-certificates,
# no --tls-cert-file). One word per line.
kubelet_auth_flags() {
  printf '%s\n' --client-ca-file "$1" --authorization-mode Webhook --anonymous-auth=false
  kubelet_tls_policy_flags
}

# What CIS asks of the control plane beyond kubeadm's flags (docs/cis.md, deploy/cis-check.sh), for up.sh
# and install.sh alike: no profiling handlers (Kava serves none either way); the API server's bound tokens
# with their real expiry; the controller manager's terminated pod garbage collection at a set threshold,
# and each of its controllers as its own ServiceAccount with its own role (CIS 1.3.3). One word per line.
cis_api_server_flags() { printf '%s\n' --profiling=false --service-account-extend-token-expiration=false; }
cis_scheduler_flags() { printf '%s\n' --profiling=false; }
cis_controller_manager_flags() {
  printf '%s\n' --profiling=false --terminated-pod-gc-threshold=1000 --use-service-account-credentials=true
}
