package io.kava.kubelet.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The node's capacity: cpu, memory and pods, from flags or from the host. */
public record NodeResources(String cpu, String memory, String pods) {

  /** Flags win; otherwise cpu is the JVM's processor count and memory /proc/meminfo's MemTotal. */
  public static NodeResources detect(String cpuFlag, String memoryFlag, int maxPods) {
    String cpu = cpuFlag != null && !cpuFlag.isBlank() ? cpuFlag : Integer.toString(Runtime.getRuntime().availableProcessors());
    String memory = memoryFlag != null && !memoryFlag.isBlank() ? memoryFlag : hostMemory();
    return new NodeResources(cpu, memory, Integer.toString(maxPods));
  }

  public Map<String, String> asMap() {
    return Map.of("cpu", cpu, "memory", memory, "pods", pods);
  }

  static String hostMemory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          String kb = line.replaceAll("[^0-9]", "");
          return kb + "Ki";
        }
      }
    } catch (IOException e) {
      // fall through to the JVM's view
    }
    return (Runtime.getRuntime().maxMemory() / 1024) + "Ki";
  }
}
