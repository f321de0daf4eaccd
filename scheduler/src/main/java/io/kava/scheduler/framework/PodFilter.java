package io.kava.scheduler.framework;

/** One filter plugin's check for one pod, prepared by {@link FilterPlugin#preFilter}: thread-safe. */
@FunctionalInterface
public interface PodFilter {
  /** Always admits (a pod that asks nothing of this plugin). */
  PodFilter ANY_NODE = node -> FilterResult.SUCCESS;

  FilterResult filter(NodeInfo nodeInfo);
}
