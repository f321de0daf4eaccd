package io.kava.kubelet.node;

import io.kava.api.core.v1.NodeSystemInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What `kubectl describe node` shows under System Info, read from the host. */
final class NodeSystemInfos {
  static final String KUBELET_VERSION = "v1.28.0-kava";

  private NodeSystemInfos() {}

  static NodeSystemInfo read(String runtimeVersion) {
    return NodeSystemInfo.newBuilder()
        .setMachineId(file("/etc/machine-id"))
        .setBootId(file("/proc/sys/kernel/random/boot_id"))
        .setKernelVersion(file("/proc/sys/kernel/osrelease"))
        .setOsImage(osImage())
        .setContainerRuntimeVersion(runtimeVersion)
        .setKubeletVersion(KUBELET_VERSION)
        .setOperatingSystem("linux")
        .setArchitecture(architecture())
        .build();
  }

  /** Go's GOARCH names, as the kubernetes.io/arch label uses them. */
  static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }

  private static String osImage() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // unknown
    }
    return "";
  }

  private static String file(String path) {
    try {
      return Files.readString(Path.of(path)).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
