package io.kava.kubectl.top;

import io.kava.api.core.v1.Node;
import io.kava.api.metrics.v1beta1.ContainerMetrics;
import io.kava.api.metrics.v1beta1.NodeMetrics;
import io.kava.api.metrics.v1beta1.PodMetrics;
import io.kava.client.quantity.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * `kavactl top` rows as kubectl's TopCmdPrinter prints them: CPU in millicores ("250m"), memory in whole
 * mebibytes ("12Mi"), node percentages of allocatable truncated to integers, `<unknown>` for a node
 * without figures; --sort-by cpu or memory sorts from the largest down.
 */
public final class TopTables {
  public static final List<String> NODE_HEADERS = List.of("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)");
  private static final String UNKNOWN = "<unknown>";

  private TopTables() {}

  /** Usage of one row, summed exactly and rounded up only when printed, as kubectl adds quantities. */
  record Usage(Quantity cpu, Quantity memory) {
    static final Usage NONE = new Usage(Quantity.ZERO, Quantity.ZERO);

    static Usage of(Map<String, String> usage) {
      return new Usage(quantity(usage.get("cpu")), quantity(usage.get("memory")));
    }

    Usage plus(Usage other) {
      return new Usage(cpu.add(other.cpu), memory.add(other.memory));
    }

    long milliCpu() {
      return cpu.milliValue();
    }

    long bytes() {
      return memory.value();
    }
  }

  /** Checks --sort-by: "", "cpu" or "memory". */
  public static String checkSortBy(String sortBy) {
    String s = sortBy == null ? "" : sortBy;
    if (!s.isEmpty() && !s.equals("cpu") && !s.equals("memory")) {
      throw new IllegalArgumentException("--sort-by accepts only cpu or memory");
    }
    return s;
  }

  /** One row per node of the list, in the order of the list (or sorted), metrics or not. */
  public static List<List<String>> nodes(List<Node> nodes, List<NodeMetrics> metrics, String sortBy) {
    record Row(Node node, Usage usage) {}
    List<Row> rows = new ArrayList<>();
    for (Node node : nodes) {
      Usage usage = metrics.stream().filter(m -> m.getMetadata().getName().equals(node.getMetadata().getName()))
          .findFirst().map(m -> Usage.of(m.getUsageMap())).orElse(null);
      rows.add(new Row(node, usage));
    }
    if (!sortBy.isEmpty()) {
      Comparator<Row> order = Comparator.comparingLong(r -> r.usage() == null ? -1
          : sortBy.equals("cpu") ? r.usage().milliCpu() : r.usage().bytes());
      rows.sort(order.reversed());
    }
    List<List<String>> result = new ArrayList<>();
    for (Row r : rows) {
      String name = r.node().getMetadata().getName();
      if (r.usage() == null) {
        result.add(List.of(name, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN));
        continue;
      }
      Map<String, String> allocatable = r.node().getStatus().getAllocatableCount() > 0
          ? r.node().getStatus().getAllocatableMap() : r.node().getStatus().getCapacityMap();
      long cpuAvailable = quantity(allocatable.get("cpu")).milliValue();
      long memoryAvailable = quantity(allocatable.get("memory")).value();
      result.add(List.of(name, cpu(r.usage().milliCpu()), percent(r.usage().milliCpu(), cpuAvailable),
          memory(r.usage().bytes()), percent(r.usage().bytes(), memoryAvailable)));
    }
    return result;
  }

  public static List<String> podHeaders(boolean allNamespaces, boolean containers) {
    List<String> headers = new ArrayList<>();
    if (allNamespaces) {
      headers.add("NAMESPACE");
    }
    if (containers) {
      headers.add("POD");
    }
    headers.addAll(List.of("NAME", "CPU(cores)", "MEMORY(bytes)"));
    return headers;
  }

  public static List<List<String>> pods(List<PodMetrics> metrics, boolean allNamespaces, boolean containers,
      String sortBy) {
    record Row(PodMetrics pod, ContainerMetrics container, Usage usage) {}
    List<Row> rows = new ArrayList<>();
    for (PodMetrics pod : metrics) {
      if (containers) {
        for (ContainerMetrics c : pod.getContainersList()) {
          rows.add(new Row(pod, c, Usage.of(c.getUsageMap())));
        }
      } else {
        Usage sum = Usage.NONE;
        for (ContainerMetrics c : pod.getContainersList()) {
          sum = sum.plus(Usage.of(c.getUsageMap()));
        }
        rows.add(new Row(pod, null, sum));
      }
    }
    if (!sortBy.isEmpty()) {
      Comparator<Row> order = Comparator.comparingLong(r -> sortBy.equals("cpu") ? r.usage().milliCpu() : r.usage().bytes());
      rows.sort(order.reversed());
    }
    List<List<String>> result = new ArrayList<>();
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      if (allNamespaces) {
        cells.add(r.pod().getMetadata().getNamespace());
      }
      cells.add(r.pod().getMetadata().getName());
      if (containers) {
        cells.add(r.container().getName());
      }
      cells.add(cpu(r.usage().milliCpu()));
      cells.add(memory(r.usage().bytes()));
      result.add(cells);
    }
    return result;
  }

  static String cpu(long milli) {
    return milli + "m";
  }

  static String memory(long bytes) {
    return bytes / (1024 * 1024) + "Mi";
  }

  static String percent(long used, long available) {
    if (available <= 0) {
      return UNKNOWN;
    }
    return (long) ((double) used / available * 100) + "%";
  }

  private static Quantity quantity(String text) {
    Quantity q = text == null ? null : Quantity.parseOrNull(text);
    return q == null ? Quantity.ZERO : q;
  }
}
