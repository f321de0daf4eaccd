package io.kava.kubelet.hollow;

import java.time.Duration;

/**
 * The settings of one JVM of hollow nodes.
 *
 * @param count how many hollow nodes this JVM runs
 * @param namePrefix node names are prefix + 1 .. prefix + count
 * @param cpu, memory, maxPods each node's capacity (and allocatable)
 * @param nodeStatusReportPeriod how often each node writes its status (upstream's nodeStatusReportFrequency:
 *     with a Lease the status need not be written every 10 s)
 * @param leaseRenewPeriod how often each node renews its Lease (upstream: every 10 s, 40 s duration)
 * @param workers pod syncs in parallel, shared by every node
 */
public record HollowNodesConfig(
    String server,
    int count,
    String namePrefix,
    String cpu,
    String memory,
    int maxPods,
    Duration nodeStatusReportPeriod,
    Duration leaseRenewPeriod,
    int workers) {

  public static final String LABEL = "kava.io/hollow";

  public String nodeName(int index) {
    return namePrefix + (index + 1);
  }
}
