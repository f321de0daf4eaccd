package io.kava.proxy.sysctl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns on hairpin mode on every port of the pods' bridge (upstream kubelet's --hairpin-mode=hairpin-veth,
 * which Kava's kubelet leaves to Docker, and Docker only does with its userland proxy off). With
 * bridge-nf-call-iptables=1 a pod's packet to a cluster IP is DNATed while it is still being bridged;
 * when the chosen endpoint is the pod itself, the bridge must send the frame back out the port it came
 * in on, which it refuses unless that port is in hairpin mode. Run on every sync, so every endpoint's
 * port has it by the time its rules exist. The setting dies with the container's veth.
 */
public final class BridgeHairpin {
  private static final Logger log = LoggerFactory.getLogger(BridgeHairpin.class);

  private final Path ports;

  /** sysfsNet is /sys/class/net; bridge e.g. "docker0". */
  public BridgeHairpin(Path sysfsNet, String bridge) {
    this.ports = sysfsNet.resolve(bridge).resolve("brif");
  }

  public void ensure() {
    if (!Files.isDirectory(ports)) {
      return; // no such bridge, or no port yet
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(ports)) {
      for (Path port : dir) {
        Path mode = port.resolve("hairpin_mode");
        try {
          if (!Files.readString(mode).trim().equals("1")) {
            Files.writeString(mode, "1\n");
            log.debug("Enabled hairpin mode on bridge port {}", port.getFileName());
          }
        } catch (IOException e) {
          log.debug("Could not enable hairpin mode on {} (gone already?): {}", port.getFileName(), e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("Could not list the ports of {}: {}", ports.getParent().getFileName(), e.getMessage());
    }
  }
}
