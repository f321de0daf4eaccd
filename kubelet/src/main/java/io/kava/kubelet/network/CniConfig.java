package io.kava.kubelet.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The node's CNI network list, written from its podCIDR as kindnet writes its own: the bridge plugin
 * (bridge {@code kbr-<third octet>}, the gateway on it, no masquerade, hairpin mode so a pod reaches
 * itself through a Service) with host-local IPAM over the podCIDR and a per-node dataDir, then portmap
 * for hostPorts and firewall, which accepts the pod's traffic in FORWARD (Docker's policy there is DROP).
 */
public final class CniConfig {
  public static final String NETWORK_NAME = "kava";
  public static final String CNI_VERSION = "1.0.0";
  public static final String FILE_NAME = "10-kava.conflist";
  static final ObjectMapper JSON = new ObjectMapper();

  private CniConfig() {}

  /** The bridge of a podCIDR: {@code kbr-<third octet>}, so the nodes of one local cluster do not collide. */
  public static String bridgeName(String podCidr) {
    String[] octets = podCidr.substring(0, podCidr.indexOf('/')).split("\\.");
    return "kbr-" + octets[2];
  }

  /** The network list for a podCIDR, its host-local allocations under dataDir. */
  public static ObjectNode networkList(String podCidr, Path dataDir) {
    ObjectNode list = JSON.createObjectNode().put("cniVersion", CNI_VERSION).put("name", NETWORK_NAME);
    ArrayNode plugins = list.putArray("plugins");
    ObjectNode bridge = plugins.addObject().put("type", "bridge").put("bridge", bridgeName(podCidr))
        .put("isGateway", true).put("ipMasq", false).put("hairpinMode", true);
    ObjectNode ipam = bridge.putObject("ipam").put("type", "host-local").put("dataDir", dataDir.toString());
    ipam.putArray("ranges").addArray().addObject().put("subnet", podCidr);
    ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
    plugins.addObject().put("type", "portmap").putObject("capabilities").put("portMappings", true);
    plugins.addObject().put("type", "firewall");
    return list;
  }

  /** The loopback network, run for {@code lo} beside the pod network (as upstream's dockershim did). */
  public static ObjectNode loopback() {
    ObjectNode list = JSON.createObjectNode().put("cniVersion", CNI_VERSION).put("name", "cni-loopback");
    list.putArray("plugins").addObject().put("type", "loopback");
    return list;
  }

  /** Writes the list into confDir (atomically: a reader never sees half a file) and returns it. */
  public static ObjectNode write(Path confDir, String podCidr, Path dataDir) {
    ObjectNode list = networkList(podCidr, dataDir);
    try {
      Files.createDirectories(confDir);
      Files.createDirectories(dataDir);
      Path tmp = confDir.resolve("." + FILE_NAME + ".tmp");
      Files.deleteIfExists(tmp);
      // 600 from the start, as CIS 1.1.9 asks of CNI files (the file names the host's bridge and IPAM store).
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(list));
      Files.move(tmp, confDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write the CNI config in " + confDir, e);
    }
    return list;
  }
}
