#!/bin/bash
# HermeticDockerEngine's command: a Docker engine and nothing else, its API on the default socket (for the
# docker CLI inside: image loads) and on /run/hermetic/docker.sock, a folder bind-mounted from the host
# (for the test JVM). Same preparation as kava/kava's entrypoint: without --privileged, /sys, the cgroup
# controllers and /proc/sys are read-only, and the engine needs them writable.
set -eu
while read -r _ mountpoint _ options _; do
  case $mountpoint in /sys | /sys/fs/cgroup/* | /proc/sys) ;; *) continue ;; esac
  case ,$options, in *,ro,*) mount -o remount,bind,rw "$mountpoint" ;; esac
done </proc/mounts
# overlay2 cannot stack on the container's own overlay root; /var/lib/docker is a tmpfs for it.
driver=overlay2
[ "$(stat -f -c %T /var/lib/docker)" = overlayfs ] && driver=vfs
exec dockerd --storage-driver "$driver" -H unix:///var/run/docker.sock -H unix:///run/hermetic/docker.sock
