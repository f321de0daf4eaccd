#!/usr/bin/env bash
# Builds kava/kava-base:<hash>, the Debian base of the cluster image: `debootstrap --variant=minbase
# bookworm` from the machine's own apt mirror with the packages of packages.txt, imported as an image.
# The tag is a hash of the suite and the package list, so an unchanged list reuses the image (about a
# minute to build otherwise). Prints the image name on stdout.
#
# Usage: deploy/images/kava/base.sh [--force]   (or env FORCE=1)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
log_as images/kava-base

HERE="$KAVA_ROOT/deploy/images/kava"
SUITE=bookworm
REPO=kava/kava-base

packages() { grep -v -e '^#' -e '^[[:space:]]*$' "$HERE/packages.txt" | paste -sd, -; }
base_hash() { printf '%s %s %s\n' "$SUITE" minbase "$(packages)" | sha256sum | cut -c1-12; }

# apt_mirror -- the Debian mirror this machine's apt uses (deb822 sources' URIs:, else a sources.list
# `deb` line), so no host name is written into Kava. The security archive is skipped.
apt_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' |
    grep -v -e security -e '^cdrom:' | head -1)
  if [[ -z $uri ]]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' | grep -v security | head -1)
  fi
  [[ -n $uri ]] || die "found no Debian mirror in /etc/apt/sources.list*; cannot run debootstrap"
  echo "$uri"
}

build_base() {
  local image=$1 root mirror start=$SECONDS
  have debootstrap || ensure_packages debootstrap
  mirror=$(apt_mirror)
  root=$(mktemp -d /var/tmp/kava-base.XXXXXX)
  # shellcheck disable=SC2064 # the path is fixed now; lib.sh's exit line still runs
  trap "rm -rf '$root'; _kava_on_exit \$?" EXIT
  log "debootstrap --variant=minbase $SUITE from $mirror with $(packages)"
  debootstrap --variant=minbase --include="$(packages)" "$SUITE" "$root" "$mirror" >"$root.log" 2>&1 ||
    { tail -n 30 "$root.log" >&2; die "debootstrap failed (log $root.log)"; }
  rm -f "$root.log"
  # What an image does not need: apt's caches and lists, docs and man pages.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
  tar -C "$root" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c "LABEL io.kava.image=kava-base io.kava.packages=$(packages)" - "$image" >/dev/null
  log "$image: built in $((SECONDS - start))s"
}

main() {
  local image
  image=$REPO:$(base_hash)
  if [[ ${1:-} == --force || -n ${FORCE:-} ]] || ! docker_image_exists "$image"; then
    build_base "$image"
  else
    log "$image: present (skipped)"
  fi
  echo "$image"
}

main "$@"
