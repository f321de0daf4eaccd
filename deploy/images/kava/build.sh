#!/usr/bin/env bash
# Builds kava/kava:<version> (also tagged kava/kava:latest): the base of base.sh (Debian from debootstrap,
# cached by its package list) plus Kava's process jars, deploy/ and the images the kubelet needs. The
# image carries a hash of all of that (label io.kava.source-hash); an image whose label matches is kept,
# so an unchanged tree costs a few seconds of hashing. The jars must be built first
# (mvn -DskipTests package; the testcontainers module's build runs this script after its reactor built them).
#
# Usage: deploy/images/kava/build.sh [--force] [VERSION]   (VERSION default: the root pom's)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
log_as images/kava

HERE="$KAVA_ROOT/deploy/images/kava"
REPO=kava/kava
# The images the kubelet and the example manifests need inside (their names as the outer engine has them).
INNER_IMAGES=(kava/pause:3.9 kava/busybox:latest busybox:latest busybox:1.28 kava/demo:1.0 nginx:1.14.2 nginx:1.16.1 nginx:latest)

# The process modules, as deploy/cluster.sh lists them for up.sh and install.sh (one list).
process_modules() { sed -n 's/^PROCESS_MODULES=(\(.*\))$/\1/p' "$KAVA_ROOT/deploy/cluster.sh" "$KAVA_ROOT/deploy/up.sh" | head -1; }
pom_version() { sed -n '/<artifactId>kava-parent<\/artifactId>/,/<version>/ s/.*<version>\(.*\)<\/version>.*/\1/p' "$KAVA_ROOT/pom.xml" | head -1; }

# Every file the image holds from this tree, relative to KAVA_ROOT.
tree_files() {
  local m
  (
    cd "$KAVA_ROOT"
    echo pom.xml
    echo kubectl/bin/kavactl
    find deploy -type f ! -name '*.orig' ! -path '*/__pycache__/*'
    for m in $(process_modules); do
      echo "$m/target/kava-$m.jar"
      find "$m/target/lib" -type f -name '*.jar'
    done
  ) | sort
}

check_built() {
  local m
  for m in $(process_modules); do
    [[ -f $KAVA_ROOT/$m/target/kava-$m.jar && -d $KAVA_ROOT/$m/target/lib ]] ||
      die "$m/target/kava-$m.jar is not built; run mvn -B -q -DskipTests package first"
  done
  for m in "${INNER_IMAGES[@]}"; do
    docker_image_exists "$m" || die "$m is missing; run deploy/images/build-all.sh first"
  done
}

# content_hash BASE VERSION -- the inputs: base image, version, every file's content, the inner images' ids.
# A library the modules share (same file name and size: a versioned jar) is read once, not once per module.
content_hash() {
  local listing
  listing=$(cd "$KAVA_ROOT" && tree_files | xargs -d '\n' stat -c '%s %n')
  {
    echo "$1 $2"
    echo "$listing"
    awk '{ n = $2; sub(/.*\//, "", n); if ($2 !~ /\/target\/lib\// || !seen[n " " $1]++) print $2 }' <<<"$listing" |
      (cd "$KAVA_ROOT" && xargs -d '\n' sha256sum) | sed 's#  .*/target/lib/#  lib/#'
    docker image inspect -f '{{.Id}}' "${INNER_IMAGES[@]}"
  } | sha256sum | cut -c1-16
}

# kava_tar DIR -- DIR/kava.tar: /opt/kava with each library stored once (hard links; the modules share most).
kava_tar() {
  local ctx=$1 root f sum store
  root=$ctx/root
  store=$ctx/store
  mkdir -p "$root/opt/kava/bin" "$store"
  while read -r f; do
    mkdir -p "$root/opt/kava/$(dirname "$f")"
    if [[ $f == */target/lib/* ]]; then
      sum=$(sha256sum "$KAVA_ROOT/$f" | cut -c1-32)
      [[ -f $store/$sum ]] || cp -p "$KAVA_ROOT/$f" "$store/$sum"
      ln "$store/$sum" "$root/opt/kava/$f"
    else
      cp -p "$KAVA_ROOT/$f" "$root/opt/kava/$f"
    fi
  done < <(tree_files)
  printf '#!/bin/sh\n# kavactl as the cluster admin of this container (KAVA_HOME=%s).\nexec /opt/kava/deploy/kavactl "$@"\n' \
    /var/lib/kava >"$root/opt/kava/bin/kavactl"
  chmod 0755 "$root/opt/kava/bin/kavactl"
  tar -C "$root" -cf "$ctx/kava.tar" opt
}

build() {
  local base=$1 version=$2 hash=$3 ctx old start=$SECONDS
  ctx=$(mktemp -d /var/tmp/kava-image.XXXXXX)
  # shellcheck disable=SC2064 # the path is fixed now; lib.sh's exit line still runs
  trap "rm -rf '$ctx'; _kava_on_exit \$?" EXIT
  kava_tar "$ctx"
  docker save -o "$ctx/images.tar" "${INNER_IMAGES[@]}"
  cp "$HERE/Dockerfile" "$ctx/Dockerfile"
  rm -rf "$ctx/root" "$ctx/store"
  old=$(docker image inspect -f '{{.Id}}' "$REPO:$version" 2>/dev/null || true)
  DOCKER_BUILDKIT=0 docker build -q --build-arg "BASE=$base" --build-arg "HASH=$hash" --build-arg "VERSION=$version" \
    -t "$REPO:$version" -t "$REPO:latest" "$ctx" >/dev/null || die "docker build of $REPO:$version failed"
  # The previous build is left untagged; remove it unless a container still uses it.
  if [[ -n $old && $old != $(docker image inspect -f '{{.Id}}' "$REPO:$version") ]]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
  log "$REPO:$version: built in $((SECONDS - start))s (source hash $hash, $(docker image inspect -f '{{.Size}}' "$REPO:$version" | awk '{printf "%d MB", $1 / 1e6}'))"
}

main() {
  local force=0 version="" base hash start=$SECONDS
  while [[ $# -gt 0 ]]; do
    case $1 in
      --force) force=1; shift ;;
      -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
      -*) die "unknown option: $1 (see --help)" ;;
      *) version=$1; shift ;;
    esac
  done
  [[ -n ${FORCE:-} ]] && force=1
  [[ -n $version ]] || version=$(pom_version)
  docker info >/dev/null 2>&1 || die "the Docker engine does not answer; run deploy/install-prereqs.sh first"
  check_built
  base=$("$HERE/base.sh")
  hash=$(content_hash "$base" "$version")
  if ((force == 0)) && [[ $(docker_image_label "$REPO:$version" io.kava.source-hash) == "$hash" ]]; then
    docker tag "$REPO:$version" "$REPO:latest"
    log "$REPO:$version: up to date (source hash $hash, checked in $((SECONDS - start))s)"
    return 0
  fi
  build "$base" "$version" "$hash"
}

main "$@"
