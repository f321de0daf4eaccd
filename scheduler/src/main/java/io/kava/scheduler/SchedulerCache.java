package io.kava.scheduler;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.client.ApiObjects;
import io.kava.client.informer.Lister;
import io.kava.client.informer.ResourceEventHandler;
import io.kava.client.informer.SharedInformer;
import io.kava.scheduler.framework.NodeInfo;
import io.kava.scheduler.framework.PodInfo;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.TreeMap;

/**
 * What the scheduler believes is on each node: the informers' bound pods plus the pods it has
 * assumed. A pod is assumed the moment a node is chosen, before the bind reaches the API server and
 * long before the watch shows it bound (upstream's AssumePod), so the next pod of a burst already
 * sees it. The watch showing the pod assigned, a failed bind, or the pod's deletion forgets it.
 *
 * <p>Kept up to date by the informers' events, as upstream's scheduler cache: each node's
 * {@link NodeInfo} is rebuilt only when that node or the pods counted on it change, and the snapshot
 * list only when some node's info did, so a scheduling cycle costs nothing per pod in the cluster. A
 * pod's requests, ports and controller are worked out once when it is counted ({@link PodInfo}), so a
 * rebuild only adds up what is already known.
 */
final class SchedulerCache {
  private final Lister<Pod> podLister;
  private final TreeMap<String, Node> nodes = new TreeMap<>();
  /** Assigned pods by key, terminated ones too: an assumed pod stops counting once its key is here. */
  private final Map<String, Pod> assigned = new HashMap<>();
  /** The pods counted on each node: assigned and not terminated, or assumed and not yet assigned. */
  private final Map<String, Map<String, PodInfo>> counted = new HashMap<>();
  private final Map<String, Pod> assumed = new HashMap<>();
  /** The last snapshot's infos in node name order, rebuilt whole only when nodes come or go. */
  private NodeInfo[] slots;
  private final Map<String, Integer> slotOf = new HashMap<>();
  private final Set<String> changedNodes = new HashSet<>();
  private List<NodeInfo> snapshot;

  SchedulerCache(SharedInformer<Node> nodeInformer, SharedInformer<Pod> podInformer) {
    this.podLister = podInformer.lister();
    nodeInformer.addEventHandler(handler(this::putNode, node -> removeNode(node.getMetadata().getName())));
    podInformer.addEventHandler(handler(this::putPod, pod -> removePod(ApiObjects.key(pod))));
  }

  /** Adds and updates store the new object; deletes drop it. */
  private static <T extends Message> ResourceEventHandler<T> handler(Consumer<T> put, Consumer<T> remove) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        put.accept(object);
      }

      @Override
      public void onUpdate(T oldObject, T newObject) {
        put.accept(newObject);
      }

      @Override
      public void onDelete(T object) {
        remove.accept(object);
      }
    };
  }

  synchronized void assume(Pod pod, String nodeName) {
    String key = ApiObjects.key(pod);
    Pod placed = pod.toBuilder().setSpec(pod.getSpec().toBuilder().setNodeName(nodeName)).build();
    uncountAssumed(key);
    assumed.put(key, placed);
    if (!assigned.containsKey(key)) {
      count(nodeName, key, placed);
    }
  }

  synchronized boolean isAssumed(String key) {
    return assumed.containsKey(key);
  }

  /** Stops counting the assumed pod: the watch now shows where it really is, or the bind failed. */
  synchronized void forget(String key) {
    uncountAssumed(key);
    assumed.remove(key);
    // The informer may have stored the pod assigned and not yet told us: count it now, as it would.
    podLister.get(key).filter(Pods::isAssigned).ifPresent(this::putPod);
  }

  synchronized Optional<String> assumedNode(String key) {
    return Optional.ofNullable(assumed.get(key)).map(p -> p.getSpec().getNodeName());
  }

  /**
   * Every node with the pods counted against it, sorted by name: bound pods that have not terminated,
   * plus assumed pods the watch has not yet shown bound (a pod counts once, whichever way).
   */
  synchronized List<NodeInfo> snapshot() {
    if (snapshot != null) {
      return snapshot;
    }
    if (slots == null) {
      slots = new NodeInfo[nodes.size()];
      slotOf.clear();
      int i = 0;
      for (Node node : nodes.values()) {
        slotOf.put(node.getMetadata().getName(), i);
        slots[i++] = info(node);
      }
    } else {
      slots = slots.clone(); // the last snapshot may still be in use: it never changes
      for (String name : changedNodes) {
        Integer i = slotOf.get(name);
        if (i != null) {
          slots[i] = info(nodes.get(name));
        }
      }
    }
    changedNodes.clear();
    snapshot = Collections.unmodifiableList(Arrays.asList(slots));
    return snapshot;
  }

  private NodeInfo info(Node node) {
    return NodeInfo.ofPodInfos(node, List.copyOf(counted.getOrDefault(node.getMetadata().getName(), Map.of()).values()));
  }

  private synchronized void putNode(Node node) {
    String name = node.getMetadata().getName();
    if (nodes.put(name, node) == null) {
      slots = null;
    }
    changed(name);
  }

  private synchronized void removeNode(String name) {
    if (nodes.remove(name) != null) {
      slots = null;
    }
    changed(name);
  }

  private synchronized void putPod(Pod pod) {
    String key = ApiObjects.key(pod);
    if (!Pods.isAssigned(pod)) {
      removePod(key);
      return;
    }
    uncountAssumed(key);
    Pod old = assigned.put(key, pod);
    if (old != null) {
      uncount(old.getSpec().getNodeName(), key);
    }
    if (!Pods.isTerminated(pod)) {
      count(pod.getSpec().getNodeName(), key, pod);
    }
  }

  /** Gone, or (after a recreate under the same name) unassigned: only an assumption may still count. */
  private synchronized void removePod(String key) {
    Pod old = assigned.remove(key);
    if (old == null) {
      return;
    }
    uncount(old.getSpec().getNodeName(), key);
    Pod placed = assumed.get(key);
    if (placed != null) {
      count(placed.getSpec().getNodeName(), key, placed);
    }
  }

  private void uncountAssumed(String key) {
    Pod placed = assumed.get(key);
    if (placed != null && !assigned.containsKey(key)) {
      uncount(placed.getSpec().getNodeName(), key);
    }
  }

  private void count(String nodeName, String key, Pod pod) {
    counted.computeIfAbsent(nodeName, n -> new HashMap<>()).put(key, PodInfo.of(pod));
    changed(nodeName);
  }

  private void uncount(String nodeName, String key) {
    Map<String, PodInfo> onNode = counted.get(nodeName);
    if (onNode != null && onNode.remove(key) != null) {
      if (onNode.isEmpty()) {
        counted.remove(nodeName);
      }
      changed(nodeName);
    }
  }

  private void changed(String nodeName) {
    changedNodes.add(nodeName);
    snapshot = null;
  }
}
