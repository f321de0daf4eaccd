#!/usr/bin/env bash
# Runs a benchmark (figures, not a pass/fail test) and prints its results.
#
# Usage: deploy/bench.sh pod-startup [PODS]   pod startup latency (create -> Running seen through a
#                                              watch) on a fresh 2-node cluster of real processes,
#                                              beside docker-java create+start of the same image
#        deploy/bench.sh services [SECONDS] [CLIENTS] [ORDER]
#                                              HTTP through a ClusterIP and a NodePort beside one pod IP,
#                                              unready pod -> rules, DNS queries per second;
#                                              ORDER of the HTTP paths, default pod,clusterip,nodeport
#        deploy/bench.sh backup [OBJECTS]      etcd-backup.sh save and restore of a cluster holding OBJECTS
#                                              ConfigMaps (default 10000), beside etcdctl's own snapshot
#                                              save and restore of the same data
#        deploy/bench.sh failover [ROUNDS]     on an HA cluster (upstream's 15s/10s/2s): scheduler and
#                                              controller manager leader kill -9 -> standby leads, beside
#                                              SIGTERM; a client's first read after its API server dies
#        deploy/bench.sh node-failure [ROUNDS]  kill -9 of a kubelet -> its Deployment's pods Running on
#                                              the other node, beside creating the Deployment afresh
#        deploy/bench.sh streams [MB] [EXECS]  logs MB/s through API server and kubelet beside docker logs;
#                                              exec -- true latency beside docker exec
#        deploy/bench.sh jobs [COMPLETIONS] [PARALLELISM]
#                                              a Job's pods per second (create -> Complete, default 1000
#                                              completions at parallelism 20) beside a Deployment of as
#                                              many replicas (create -> all Running)
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

main() {
  local what=${1:-} class
  case $what in
    pod-startup) class=io.kava.e2e.PodStartupBenchmark ;;
    services) class=io.kava.e2e.ServiceBenchmark ;;
    backup) class=io.kava.e2e.EtcdBackupBenchmark ;;
    failover) class=io.kava.e2e.FailoverBenchmark ;;
    node-failure) class=io.kava.e2e.NodeFailureBenchmark ;;
    streams) class=io.kava.e2e.StreamsBenchmark ;;
    jobs) class=io.kava.e2e.JobBenchmark ;;
    *) sed -n '2,23p' "$0"; exit 2 ;;
  esac
  shift
  "$KAVA_ROOT/deploy/install-prereqs.sh"
  "$KAVA_ROOT/deploy/images/build-all.sh"
  cd "$KAVA_ROOT"
  log "building the process jars and the benchmark"
  local cp_file
  cp_file=$(mktemp)
  # One reactor run: every module writes its classpath to the same file and e2e, built last, wins.
  mvn -B -q -DskipTests -pl e2e -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file" </dev/null
  log "running $class $*"
  (cd e2e && java -cp "target/test-classes:$(cat "$cp_file")" "$class" "$@")
  rm -f "$cp_file"
}

main "$@"
