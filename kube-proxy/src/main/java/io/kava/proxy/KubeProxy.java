package io.kava.proxy;

import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.client.EndpointSliceLabels;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import io.kava.proxy.iptables.Iptables;
import io.kava.proxy.netpol.NetworkPolicyLoop;
import io.kava.proxy.sysctl.BridgeHairpin;
import io.kava.proxy.sysctl.RouteLocalnet;
import io.kava.proxy.sysctl.Sysctl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy: watches Services and EndpointSlices and keeps this host's iptables in step. Event handlers
 * only ask for a sync; each sync reads the whole desired state from the informers' caches and rewrites
 * the rules from it (level-driven: a missed or repeated event changes nothing). Closing it stops
 * watching but leaves the rules in place, as upstream, so traffic keeps flowing until the next start
 * re-syncs or --cleanup removes them.
 */
public final class KubeProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubeProxy.class);
  static final String SERVICE_INDEX = "service";

  private final KubeProxyConfig config;
  private final ServiceRangeGuard guard;
  private final RouteLocalnet routeLocalnet;
  private final Proxier proxier;
  private final SharedInformer<Service> services;
  private final SharedInformer<EndpointSlice> slices;
  private final SyncRunner runner;
  private final BridgeHairpin hairpin;
  private final NetworkPolicyLoop networkPolicies;

  public KubeProxy(KubeProxyConfig config, KavaClient client, Iptables iptables, Sysctl sysctl) {
    this.config = config;
    ChainNames names = config.chainNames();
    this.guard = new ServiceRangeGuard(iptables, names, config.serviceCidr());
    this.routeLocalnet = new RouteLocalnet(sysctl, config.runDir());
    this.proxier = new Proxier(iptables, names,
        new ProxyRules(names, config.clusterCidr(), config.localhostNodePorts()), guard,
        JumpRule.all(names, config.localhostNodePorts()));
    this.services = new SharedInformer<>(client.resource(Service.class), ListOptions.all(), Duration.ZERO);
    this.slices = new SharedInformer<>(client.resource(EndpointSlice.class), ListOptions.all(), Duration.ZERO);
    this.slices.addIndex(SERVICE_INDEX, s -> {
      String svc = s.getMetadata().getLabelsMap().get(EndpointSliceLabels.SERVICE_NAME);
      return svc == null ? List.of() : List.of(s.getMetadata().getNamespace() + "/" + svc);
    });
    this.hairpin = config.hairpinBridge().isEmpty() ? null
        : new BridgeHairpin(Path.of("/sys/class/net"), config.hairpinBridge());
    this.networkPolicies = config.networkPolicy()
        ? new NetworkPolicyLoop(client, iptables, names, config.syncPeriod()) : null;
    this.runner = new SyncRunner(this::sync, config.minSyncPeriod(), config.syncPeriod(), KubeProxyConfig.RETRY_INTERVAL);
  }

  /** Guards the service range, starts watching, and syncs once both caches are filled. */
  public void start() throws InterruptedException {
    guard.ensure();
    if (config.localhostNodePorts()) {
      routeLocalnet.ensure();
    }
    services.addEventHandler(syncOnAnyChange());
    slices.addEventHandler(syncOnAnyChange());
    services.start();
    slices.start();
    while (!services.waitForSync(Duration.ofSeconds(10)) || !slices.waitForSync(Duration.ofSeconds(10))) {
      log.info("Waiting for the first list of Services and EndpointSlices");
    }
    // Only now: a sync from half-filled caches would drop the rules of services not listed yet.
    runner.start();
    if (networkPolicies != null) {
      networkPolicies.start();
    }
    log.info("Started with cluster tag {}, service range {}, pod range {}, network policies {}", config.clusterTag(),
        config.serviceCidr(), config.clusterCidr().isEmpty() ? "(none)" : config.clusterCidr(),
        networkPolicies != null ? "enforced" : "not enforced");
  }

  private void sync(boolean full) {
    List<ServicePortInfo> ports = new ArrayList<>();
    for (Service service : services.lister().list()) {
      String key = service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
      ports.addAll(ServicePorts.of(service, slices.lister().byIndex(SERVICE_INDEX, key)));
    }
    if (hairpin != null) {
      hairpin.ensure();
    }
    proxier.sync(ports, full);
    if (full && networkPolicies != null) {
      networkPolicies.requestSync(); // our jumps may now be above the network policy jump
    }
  }

  @Override
  public void close() {
    runner.close();
    if (networkPolicies != null) {
      networkPolicies.close();
    }
    services.close();
    slices.close();
  }

  /** Every add, update and delete asks for a sync; the sync itself reads the caches. */
  private <T> ResourceEventHandler<T> syncOnAnyChange() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T o) {
        runner.requestSync();
      }

      @Override
      public void onUpdate(T a, T b) {
        runner.requestSync();
      }

      @Override
      public void onDelete(T o) {
        runner.requestSync();
      }
    };
  }
}
