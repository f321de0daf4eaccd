package io.kava.proxy;

import io.kava.client.KavaClient;
import io.kava.client.flags.DurationConverter;
import io.kava.proxy.iptables.CommandIptables;
import io.kava.proxy.routes.IpRouteTable;
import io.kava.client.net.PodNetworkGuard;
import io.kava.proxy.routes.GuardedRouteTable;
import io.kava.proxy.routes.NodeRouteController;
import io.kava.proxy.routes.RouteTable;
import io.kava.proxy.routes.NodeRoutesLoop;
import io.kava.proxy.sysctl.ProcSysctl;
import io.kava.proxy.sysctl.RouteLocalnet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `kava-kube-proxy`: parses flags, builds the config and hands over to {@link KubeProxy} or {@link Cleanup}. */
@Command(name = "kava-kube-proxy", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Programs this host's iptables from Services and EndpointSlices (upstream's iptables mode). "
        + "Run one per host per cluster.")
public final class KubeProxyMain implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--server", defaultValue = "${env:KAVA_API_SERVER:-127.0.0.1:6443}",
      description = "API server address, or several comma-separated to fail over between (env KAVA_API_SERVER)")
  String server;

  @Option(names = "--kubeconfig", description = "kubeconfig file: the API server's CA and this component's client certificate or token (TLS); its server unless --server is given")
  java.nio.file.Path kubeconfig;

  @Option(names = "--cluster-tag", defaultValue = "${env:KAVA_CLUSTER_TAG:-" + KubeProxyConfig.DEFAULT_TAG + "}",
      description = "Prefix of this cluster's chain names in place of upstream's KUBE (TAG-SERVICES, TAG-SVC-...): "
          + "1 to 7 upper-case letters and digits; each cluster on a host needs its own (env KAVA_CLUSTER_TAG)")
  String clusterTag;

  @Option(names = "--service-cluster-ip-range",
      defaultValue = "${env:KAVA_SERVICE_CIDR:-" + KubeProxyConfig.DEFAULT_SERVICE_CIDR + "}",
      description = "The service range; guarded as a whole so no packet for it leaves the host (env KAVA_SERVICE_CIDR)")
  String serviceCidr;

  @Option(names = "--cluster-cidr", defaultValue = KubeProxyConfig.DEFAULT_CLUSTER_CIDR,
      description = "The pod range; traffic to a cluster IP from outside it is masqueraded (\"\" for none)")
  String clusterCidr;

  @Option(names = "--iptables-min-sync-period", defaultValue = "100ms", converter = DurationConverter.class,
      description = "Least time between two syncs; changes within it are applied together")
  Duration minSyncPeriod;

  @Option(names = "--iptables-sync-period", defaultValue = "30s", converter = DurationConverter.class,
      description = "Full re-sync period (repairs rules changed behind kube-proxy's back)")
  Duration syncPeriod;

  @Option(names = "--iptables-localhost-nodeports", defaultValue = "true", arity = "1",
      description = "NodePorts also answer on 127.0.0.0/8 (sets net.ipv4.conf.all.route_localnet=1)")
  boolean localhostNodePorts;

  @Option(names = "--run-dir", defaultValue = "/run/kava",
      description = "Where the route_localnet value from before Kava is recorded (one per host)")
  Path runDir;

  @Option(names = "--hairpin-bridge", defaultValue = KubeProxyConfig.DEFAULT_BRIDGE,
      description = "The pods' bridge: hairpin mode on its ports lets a pod reach itself through its Service (\"\" for none)")
  String hairpinBridge;

  @Option(names = "--enforce-network-policy", defaultValue = "true", arity = "1",
      description = "Enforce NetworkPolicies (networking.k8s.io/v1) with iptables in filter FORWARD, as a "
          + "network policy agent (kube-router, Calico) does")
  boolean networkPolicy;

  @Option(names = "--cleanup", description = "Remove this cluster's chains, jump rules and guard (and with "
      + "--cluster-cidr the pod routes kube-proxy wrote), then exit")
  boolean cleanup;

  // Routes between hosts (issue 13): flannel's host-gw / kindnet, see docs/kube-proxy.md.
  @Option(names = "--route-pod-cidrs", defaultValue = "false", arity = "0..1",
      description = "Route every other Node's podCIDR through its InternalIP (ip route replace), and remove the "
          + "routes of Nodes that go; needs --cluster-cidr. For hosts on one subnet")
  boolean routePodCidrs;

  @Option(names = "--hostname-override", defaultValue = "${env:NODE_NAME:-}",
      description = "This host's Node name, which gets no route (default: the host name; env NODE_NAME)")
  String hostnameOverride;

  @Override
  public Integer call() throws Exception {
    KubeProxyConfig config;
    try {
      config = new KubeProxyConfig(server, clusterTag, serviceCidr, clusterCidr, minSyncPeriod, syncPeriod,
          localhostNodePorts, runDir, hairpinBridge, networkPolicy);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    CommandIptables iptables = new CommandIptables();
    ProcSysctl sysctl = new ProcSysctl();
    if (cleanup) {
      ChainNames names = config.chainNames();
      new Cleanup(iptables, names, new ServiceRangeGuard(iptables, names, config.serviceCidr()),
          new RouteLocalnet(sysctl, config.runDir())).run();
      if (!config.clusterCidr().isEmpty()) {
        NodeRouteController.removeWritten(podRoutes(config.clusterCidr()));
      }
      return 0;
    }
    if (routePodCidrs && config.clusterCidr().isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--route-pod-cidrs needs --cluster-cidr");
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    try (KavaClient client = KavaClient.connect(io.kava.client.config.KubeConfigLoader.component(kubeconfig, config.server()));
         KubeProxy proxy = new KubeProxy(config, client, iptables, sysctl)) {
      // The hook waits for the close below: the JVM halts when its hooks end, and the routes must go first.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.countDown();
        try {
          closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "shutdown"));
      proxy.start();
      try (NodeRoutesLoop routes = routePodCidrs
          ? new NodeRoutesLoop(client, podRoutes(config.clusterCidr()), nodeName()) : null) {
        if (routes != null) {
          routes.start();
        }
        stop.await();
      }
    } finally {
      closed.countDown();
    }
    return 0;
  }

  /**
   * The routes to other nodes' pods, each with its entry in the pod network guard: they leave by this host's
   * own interface, which the guard refuses for the cluster CIDR otherwise.
   */
  private static RouteTable podRoutes(String clusterCidr) {
    PodNetworkGuard guard = PodNetworkGuard.standard(PodNetworkGuard.command());
    if (!clusterCidr.equals(PodNetworkGuard.CLUSTER_CIDR)) {
      guard = guard.with(new PodNetworkGuard.Range(clusterCidr, PodNetworkGuard.POD_BRIDGES));
    }
    return GuardedRouteTable.of(new IpRouteTable(clusterCidr), guard);
  }

  private String nodeName() throws java.net.UnknownHostException {
    return hostnameOverride.isEmpty() ? java.net.InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT)
        : hostnameOverride;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KubeProxyMain()).execute(args));
  }
}
