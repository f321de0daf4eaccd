package io.kava.kubelet.network;

import io.kava.client.net.PodNetworkGuard;
import io.kava.kubelet.runtime.ContainerRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The kubelet's pod network flags (issue 13), as upstream's dockershim-era kubelet named them. */
public final class NetworkOptions {
  @Option(names = "--network-plugin", defaultValue = "docker",
      description = "How pods get their network: docker (Docker's bridge, docker0) or cni (the plugins of --cni-bin-dir on a bridge of the Node's podCIDR)")
  String networkPlugin;

  @Option(names = "--cni-bin-dir", defaultValue = "/usr/lib/cni",
      description = "Where the CNI plugin binaries are (Debian's containernetworking-plugins)")
  Path cniBinDir;

  @Option(names = "--cni-conf-dir", defaultValue = "/etc/cni/net.d",
      description = "Where the kubelet writes its CNI network list (10-kava.conflist) from the Node's podCIDR")
  Path cniConfDir;

  @Option(names = "--cni-cache-dir", defaultValue = "/var/lib/cni/cache",
      description = "Where what CNI ADD set up is kept for DEL (results/kava-<sandbox>-eth0)")
  Path cniCacheDir;

  /** Checks the plugin's name; null when it is fine, else the error line. */
  public String problem() {
    if (!networkPlugin.equals("docker") && !networkPlugin.equals("cni")) {
      return "--network-plugin: must be docker or cni, got \"" + networkPlugin + "\"";
    }
    return null;
  }

  /**
   * The runtime pods run on: the given one under docker, wrapped in {@link CniRuntime} under cni, with
   * host-local's allocations in nodeDir/cni/networks (every node of a host its own).
   */
  public ContainerRuntime podRuntime(ContainerRuntime runtime, Path nodeDir) {
    if (!networkPlugin.equals("cni")) {
      return runtime;
    }
    return new CniRuntime(runtime, new CniNetwork(CniPlugin.binaries(cniBinDir), cniCacheDir), cniConfDir,
        nodeDir.resolve("cni").resolve("networks"), PodNetworkGuard.standard(PodNetworkGuard.command()));
  }
}
