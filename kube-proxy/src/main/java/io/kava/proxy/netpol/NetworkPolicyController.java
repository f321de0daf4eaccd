package io.kava.proxy.netpol;

import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.client.workqueue.Reconciler;
import io.kava.proxy.ChainNames;
import io.kava.proxy.iptables.Iptables;
import io.kava.proxy.iptables.Table;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's network policy chains in step with the cluster, in the controller shape with one
 * key ({@link #KEY}): every policy, pod and namespace event enqueues it, and the sync reads the whole
 * desired state from the caches (the chains of all pods are one iptables transaction, as kube-router's
 * full sync). It compares with what iptables holds and writes only a difference: a second sync with
 * nothing changed writes nothing. A failure throws, and the queue retries with backoff.
 */
public final class NetworkPolicyController implements Reconciler {
  public static final String KEY = "network-policies";
  private static final Logger log = LoggerFactory.getLogger(NetworkPolicyController.class);

  private final Iptables iptables;
  private final ChainNames names;
  private final NetworkPolicyRules rules;
  private final PolicyJump jump;
  private final Supplier<List<NetworkPolicy>> policies;
  private final Supplier<List<Pod>> pods;
  private final Supplier<List<Namespace>> namespaces;
  private String written;

  public NetworkPolicyController(Iptables iptables, ChainNames names, Supplier<List<NetworkPolicy>> policies,
      Supplier<List<Pod>> pods, Supplier<List<Namespace>> namespaces) {
    this.iptables = iptables;
    this.names = names;
    this.rules = new NetworkPolicyRules(names);
    this.jump = new PolicyJump(iptables, names);
    this.policies = policies;
    this.pods = pods;
    this.namespaces = namespaces;
  }

  @Override
  public synchronized void reconcile(String key) {
    List<NetworkPolicy> all = policies.get();
    PolicyRuleSet desired = rules.render(all, new PolicyPods(pods.get(), namespaces.get()));
    String saved = iptables.save(Table.FILTER);
    Set<String> present = io.kava.proxy.SavedChains.of(saved);
    Set<String> stale = new TreeSet<>();
    for (String chain : present) {
      if (names.isPolicyChain(chain) && !desired.chains().contains(chain)) {
        stale.add(chain);
      }
    }
    String text = desired.restoreText(stale);
    // Someone may have flushed or deleted a chain behind our back: then write again even if unchanged.
    if (!text.equals(written) || !stale.isEmpty() || !present.containsAll(desired.chains())) {
      iptables.restore(text);
      if (written == null) {
        log.info("Wrote the network policy chains ({} policies)", all.size());
      }
      written = text;
      log.debug("Synced {} network policies ({} stale chains deleted)", all.size(), stale.size());
    }
    // After the restore: on the first sync the chain it jumps to only exists now.
    if (!jump.ensure(saved)) {
      log.info("Inserted jump from filter FORWARD to {}", names.networkPolicy());
    }
  }
}
