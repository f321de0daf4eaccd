#!/usr/bin/env bash
# Builds kava/kavactl:0.1.0, kavactl for use inside pods (as people use bitnami/kubectl): kava-kubectl.jar
# and its jars on a jlink'd Java runtime of the few modules it needs, the glibc libraries that runtime
# loads (copied from the host, as the etcd image does), busybox for a shell, and an AppCDS archive
# recorded at build time so each run starts faster. Inside a pod kavactl finds the API server by itself
# (KUBERNETES_SERVICE_HOST/PORT and the ServiceAccount token, docs/kavactl.md).
# Rebuilds only when the jars or this script changed (their content, not their timestamps), or --force.
#
# Usage: deploy/images/kavactl/build.sh [--force]   (or env FORCE=1); needs kubectl/target/kava-kubectl.jar
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
log_as images/kavactl

IMAGE=kava/kavactl:0.1.0
HERE="$KAVA_ROOT/deploy/images/kavactl"
TARGET="$KAVA_ROOT/kubectl/target"
JAR="$TARGET/kava-kubectl.jar"
# What kavactl, gRPC/Netty, Jackson and Bouncy Castle use: logging (gRPC's), naming (Netty), Unsafe
# (Netty), EC keys for TLS (the cluster's certificates are P-256), java.sql (Jackson's date types).
MODULES=java.base,java.logging,java.naming,java.sql,jdk.unsupported,jdk.crypto.ec

# The jars' entries and CRCs (stable across rebuilds that change nothing) and this script.
source_hash() {
  { cat "$HERE/build.sh"; for jar in "$JAR" "$TARGET"/lib/*.jar; do unzip -v "$jar" | awk '{print $7, $8}'; done; } |
    sha256sum | cut -c1-16
}

# copy_libraries ROOT -- every shared library the runtime's binaries load, at its usual path.
copy_libraries() {
  local root=$1 lib
  for lib in $(find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec ldd {} \; 2>/dev/null |
    grep -o '/[^ )]*' | sort -u); do
    [[ $lib == "$root"* || ! -e $lib ]] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# record_archives -- the runtime's base class-data archive (jlink makes none), then kavactl's classes on
# top of it, recorded in a container of the image so their paths are the ones a pod sees; committed
# into the image. Without them kavactl still runs, only slower to start.
record_archives() {
  local name=kava-kavactl-build-$$
  if docker run --name "$name" --entrypoint /bin/sh "$IMAGE" -c '/opt/java/bin/java -Xshare:dump >/dev/null &&
      /opt/java/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ArchiveClassesAtExit=/opt/kavactl/kavactl.jsa \
        -Xlog:cds=off -Xlog:cds+dynamic=off -jar /opt/kavactl/kava-kubectl.jar version --client >/dev/null' >/dev/null 2>&1; then
    docker commit --change 'ENTRYPOINT ["/bin/kavactl"]' --change 'CMD []' "$name" "$IMAGE" >/dev/null
  else
    warn "$IMAGE: could not record the class-data archives (kavactl starts without them)"
  fi
  docker rm -f "$name" >/dev/null 2>&1 || true
}

build() {
  local root hash=$1 old
  old=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
  root=$(mktemp -d)
  make_busybox_rootfs "$root"
  jlink --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$root/opt/java"
  mkdir -p "$root/opt/kavactl/lib"
  cp "$JAR" "$root/opt/kavactl/"
  cp "$TARGET"/lib/*.jar "$root/opt/kavactl/lib/"
  copy_libraries "$root"
  cat >"$root/bin/kavactl" <<'SCRIPT'
#!/bin/sh
# kavactl in a pod: C1 only and the class-data archive recorded when the image was built.
exec /opt/java/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto \
  -XX:SharedArchiveFile=/opt/kavactl/kavactl.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar /opt/kavactl/kava-kubectl.jar "$@"
SCRIPT
  chmod 0755 "$root/bin/kavactl"
  tar -C "$root" -c . | docker import \
    -c 'ENTRYPOINT ["/bin/kavactl"]' \
    -c 'ENV PATH=/bin:/opt/java/bin' \
    -c 'WORKDIR /' \
    -c "LABEL io.kava.image=kavactl io.kava.source-hash=$hash" \
    - "$IMAGE" >/dev/null
  rm -rf "$root"
  record_archives
  if [[ -n $old && $old != $(docker image inspect -f '{{.Id}}' "$IMAGE") ]]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
}

main() {
  local force=0 hash
  [[ ${1:-} == --force || -n ${FORCE:-} ]] && force=1
  [[ -f $JAR ]] || die "$JAR is missing (build it: mvn -B -q -pl kubectl -am -DskipTests package)"
  command -v jlink >/dev/null || die "jlink is missing (it comes with the JDK: apt-get install -y openjdk-17-jdk-headless)"
  hash=$(source_hash)
  if ((force == 0)) && [[ $(docker_image_label "$IMAGE" io.kava.source-hash) == "$hash" ]]; then
    log "$IMAGE: up to date (skipped)"
    return 0
  fi
  build "$hash"
  log "$IMAGE: built ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1 / 1000000}'))"
}

main "$@"
