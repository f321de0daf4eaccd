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
#                                              completions at parallelism 20) beside a Deployment creating
#                                              as many pods (create -> all Running, rounds of at most 200)
#        deploy/bench.sh autoscaling [ROUNDS]  HPA reaction: a CPU-burning pod running -> 3 replicas Ready
#                                              (default 3 rounds, upstream's 15 s periods), beside the same
#                                              scale-up by hand through the scale subresource
#        deploy/bench.sh reconnect [ROUNDS] [DOWN_SECONDS]  a client's reconnect to a server back after
#                                              DOWN_SECONDS (35) down: KavaClient beside a plain gRPC channel
#        deploy/bench.sh memory [SECONDS]      RSS of every process of an idle 2-node cluster (etcd as a
#                                              reference) beside upstream's anchors (k3s server, agent)
#        deploy/bench.sh scheduler [NODES] [PODS]  pods bound per second by the scheduler on NODES Node objects
#                                              (default 1000, 5000 pods), beside a round-robin Bind client
#        deploy/bench.sh pod-affinity [NODES] [PODS]  scheduling cycles in process (default 1000 nodes,
#                                              2000 pods) with required pod anti-affinity beside the same
#                                              pods without it
#        deploy/bench.sh density [NODES] [PODS_PER_NODE] [RATE]   (defaults 1000 30 100)
#                                              hollow nodes: pod startup p50/p99 of NODES x PODS_PER_NODE
#                                              pods created at RATE/s, control plane RSS; beside pods
#                                              created one at a time and RSS before the load
#        deploy/bench.sh api-create [OBJECTS] [CLIENTS] [WARMUP]
#                                              ConfigMap creates through the API server (default 2000, 64
#                                              callers, 500 of each path first) beside raw etcd guarded txns;
#                                              etcd requests per create
#        deploy/bench.sh api-create-secure [OBJECTS] [CLIENTS] [ROUNDS]
#                                              the same creates (default 2000, 64 callers, 3 rounds) through
#                                              TLS + x509 + Node,RBAC and TLS + x509 + AlwaysAllow beside
#                                              plaintext + anonymous + AlwaysAllow, on one etcd, interleaved
#        deploy/bench.sh watch-fanout [WATCHERS] [EVENTS] [WARMUP]
#                                              write -> event delay at each of 1000 watchers (100 events,
#                                              WARMUP more first, default 0) beside one raw etcd watch
#        deploy/bench.sh list [PODS] [ROUNDS]  LIST of all pods (default 30000) beside a raw etcd range
#        deploy/bench.sh kava-container [ROUNDS]  KavaContainer start to Ready (image just rebuilt, then ROUNDS
#                                              warm, default 2) beside Testcontainers' etcd container; its RSS
#        deploy/bench.sh all                   every command above in turn, with modest sizes
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The commands `bench.sh all` runs, in order: a new benchmark joins by adding its command's name here,
# and, when its defaults take long, a line in ALL_ARGS with modest ones.
ALL_COMMANDS=(pod-startup services backup failover node-failure streams api-create api-create-secure watch-fanout list memory
  scheduler pod-affinity density jobs autoscaling kava-container reconnect)
declare -A ALL_ARGS=(
  [pod-startup]="20" [services]="5 4" [backup]="2000" [failover]="3" [node-failure]="2" [streams]="50 10"
  [api-create]="2000 64" [api-create-secure]="2000 64 3" [watch-fanout]="1000 100" [list]="30000 10" [memory]="20" [scheduler]="1000 2000"
  [density]="200 5 50" [jobs]="100 20" [pod-affinity]="1000 2000" [autoscaling]="2" [kava-container]="1" [reconnect]="2 35"
)

# The benchmark class of a command; empty when there is none.
class_of() {
  case $1 in
    pod-startup) echo io.kava.e2e.PodStartupBenchmark ;;
    services) echo io.kava.e2e.ServiceBenchmark ;;
    backup) echo io.kava.e2e.EtcdBackupBenchmark ;;
    failover) echo io.kava.e2e.FailoverBenchmark ;;
    node-failure) echo io.kava.e2e.NodeFailureBenchmark ;;
    streams) echo io.kava.e2e.StreamsBenchmark ;;
    api-create) echo io.kava.e2e.ApiCreateBenchmark ;;
    api-create-secure) echo io.kava.e2e.ApiCreateSecureBenchmark ;;
    watch-fanout) echo io.kava.e2e.WatchFanoutBenchmark ;;
    list) echo io.kava.e2e.ListBenchmark ;;
    memory) echo io.kava.e2e.MemoryBenchmark ;;
    scheduler) echo io.kava.e2e.SchedulerBenchmark ;;
    pod-affinity) echo io.kava.e2e.PodAffinityBenchmark ;;
    density) echo io.kava.e2e.DensityBenchmark ;;
    jobs) echo io.kava.e2e.JobBenchmark ;;
    autoscaling) echo io.kava.e2e.AutoscalingBenchmark ;;
    kava-container) echo io.kava.e2e.KavaContainerBenchmark ;;
    reconnect) echo io.kava.e2e.ReconnectBenchmark ;;
  esac
}

# Installs what is missing and builds the jars and the benchmarks once; sets CP_FILE.
prepare() {
  "$KAVA_ROOT/deploy/install-prereqs.sh"
  "$KAVA_ROOT/deploy/images/build-all.sh"
  cd "$KAVA_ROOT"
  log "building the process jars and the benchmark"
  CP_FILE=$(mktemp)
  # One reactor run: every module writes its classpath to the same file and e2e, built last, wins.
  mvn -B -q -DskipTests -pl e2e -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CP_FILE" </dev/null
}

run_class() {
  local class=$1
  shift
  log "running $class $*"
  # Testcontainers (the kava-container benchmark) without Ryuk and with a local tiny image, as deploy/test.sh.
  (cd "$KAVA_ROOT/e2e" && TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE=kava/busybox:latest \
    java -cp "target/test-classes:$(cat "$CP_FILE")" "$class" "$@")
}

main() {
  local what=${1:-} class
  if [[ $what == all ]]; then
    prepare
    local failed=() cmd
    for cmd in "${ALL_COMMANDS[@]}"; do
      # shellcheck disable=SC2086 # the modest arguments are words
      run_class "$(class_of "$cmd")" ${ALL_ARGS[$cmd]:-} || failed+=("$cmd")
    done
    rm -f "$CP_FILE"
    ((${#failed[@]} == 0)) || { log "failed: ${failed[*]}"; exit 1; }
    return
  fi
  class=$(class_of "$what")
  [[ -n $class ]] || { awk 'NR > 1 && !/^#/ { exit } NR > 1 { print }' "$0"; exit 2; }
  shift
  prepare
  run_class "$class" "$@"
  rm -f "$CP_FILE"
}

main "$@"
