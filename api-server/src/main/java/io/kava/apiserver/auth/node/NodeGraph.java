package io.kava.apiserver.auth.node;

import com.google.protobuf.Message;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.Pod;
import io.kava.apiserver.watch.CacheListener;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Upstream's Node authorizer graph (plugin/pkg/auth/authorizer/node/graph.go): which objects each node
 * needs, from the pods bound to it. Edges point towards nodes:
 *
 * <pre>
 *   node &lt;- pod &lt;- secret, configmap, pvc, serviceaccount
 *               pvc &lt;- pv (the volume's claimRef)
 * </pre>
 *
 * A pod bound to a node relates the node to the pod and to everything the pod names (a mirror pod only
 * to itself, as upstream: a node must not gain access by creating pods). Kept from the API server's
 * watch caches of pods and persistent volumes ({@link #pods()}, {@link #volumes()}), so a question costs
 * a map look-up under a read lock and never a storage read. Every edge into a node is counted by the
 * pods that make it, so the last pod on a node that names a Secret takes the node's access with it.
 */
public final class NodeGraph {
  /** What a vertex stands for; the names are upstream's (they show in refusals). */
  public enum Type {
    POD("pod"), SECRET("secret"), CONFIG_MAP("configmap"), PVC("pvc"), PV("pv"), SERVICE_ACCOUNT("serviceAccount");

    private final String label;

    Type(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  record Vertex(Type type, String namespace, String name) {}

  /** A bound pod's edges: the node it is on and the vertices it relates to that node (itself included). */
  private record PodEdges(String node, Set<Vertex> vertices) {}

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  /** Bound pods by namespace/name. */
  private final Map<String, PodEdges> pods = new HashMap<>();
  /** For each vertex a pod relates to a node: node name -> how many pods on it relate the vertex. */
  private final Map<Vertex, Map<String, Integer>> nodesOf = new HashMap<>();
  /** Persistent volume name -> the claim it is bound to (pv -> pvc). */
  private final Map<String, Vertex> claimOf = new HashMap<>();

  /** Whether the object of this type, namespace and name relates to the node (hasPathFrom). */
  public boolean related(String node, Type type, String namespace, String name) {
    lock.readLock().lock();
    try {
      if (type == Type.PV) {
        Vertex claim = claimOf.get(name);
        return claim != null && onNode(claim, node);
      }
      return onNode(new Vertex(type, namespace, name), node);
    } finally {
      lock.readLock().unlock();
    }
  }

  private boolean onNode(Vertex v, String node) {
    Map<String, Integer> nodes = nodesOf.get(v);
    return nodes != null && nodes.containsKey(node);
  }

  /** AddPod for a bound pod, DeletePod for one that is not (or no longer) bound. */
  public void setPod(Pod pod) {
    String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    PodEdges edges = pod.getSpec().getNodeName().isEmpty() ? null : edgesOf(pod);
    lock.writeLock().lock();
    try {
      PodEdges old = edges == null ? pods.remove(key) : pods.put(key, edges);
      if (old != null && old.equals(edges)) {
        return; // a status write: what the pod names does not change once it is bound
      }
      if (old != null) {
        unlink(old);
      }
      if (edges != null) {
        link(edges);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void deletePod(String namespace, String name) {
    lock.writeLock().lock();
    try {
      PodEdges old = pods.remove(key(namespace, name));
      if (old != null) {
        unlink(old);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** AddPV: a volume with a claimRef relates to whatever node its claim relates to. */
  public void setVolume(PersistentVolume pv) {
    var ref = pv.getSpec().getClaimRef();
    lock.writeLock().lock();
    try {
      if (ref.getName().isEmpty()) {
        claimOf.remove(pv.getMetadata().getName());
      } else {
        claimOf.put(pv.getMetadata().getName(), new Vertex(Type.PVC, ref.getNamespace(), ref.getName()));
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void deleteVolume(String name) {
    lock.writeLock().lock();
    try {
      claimOf.remove(name);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Kept from the pods' watch cache. */
  public CacheListener pods() {
    return new CacheListener() {
      @Override
      public void replaced(List<Message> objects) {
        lock.writeLock().lock();
        try {
          pods.clear();
          nodesOf.clear();
          objects.forEach(o -> setPod((Pod) o));
        } finally {
          lock.writeLock().unlock();
        }
      }

      @Override
      public void changed(Message previous, Message current) {
        if (current == null) {
          Pod gone = (Pod) previous;
          deletePod(gone.getMetadata().getNamespace(), gone.getMetadata().getName());
        } else {
          setPod((Pod) current);
        }
      }
    };
  }

  /** Kept from the persistent volumes' watch cache. */
  public CacheListener volumes() {
    return new CacheListener() {
      @Override
      public void replaced(List<Message> objects) {
        lock.writeLock().lock();
        try {
          claimOf.clear();
          objects.forEach(o -> setVolume((PersistentVolume) o));
        } finally {
          lock.writeLock().unlock();
        }
      }

      @Override
      public void changed(Message previous, Message current) {
        if (current == null) {
          deleteVolume(((PersistentVolume) previous).getMetadata().getName());
        } else {
          setVolume((PersistentVolume) current);
        }
      }
    };
  }

  private static PodEdges edgesOf(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    Set<Vertex> vertices = new LinkedHashSet<>();
    vertices.add(new Vertex(Type.POD, ns, pod.getMetadata().getName()));
    if (!PodReferences.isMirror(pod)) {
      if (!pod.getSpec().getServiceAccountName().isEmpty()) {
        vertices.add(new Vertex(Type.SERVICE_ACCOUNT, ns, pod.getSpec().getServiceAccountName()));
      }
      PodReferences.secrets(pod).forEach(s -> vertices.add(new Vertex(Type.SECRET, ns, s)));
      PodReferences.configMaps(pod).forEach(c -> vertices.add(new Vertex(Type.CONFIG_MAP, ns, c)));
      PodReferences.claims(pod).forEach(c -> vertices.add(new Vertex(Type.PVC, ns, c)));
    }
    return new PodEdges(pod.getSpec().getNodeName(), Set.copyOf(vertices));
  }

  private void link(PodEdges edges) {
    for (Vertex v : edges.vertices()) {
      nodesOf.computeIfAbsent(v, x -> new HashMap<>()).merge(edges.node(), 1, Integer::sum);
    }
  }

  private void unlink(PodEdges edges) {
    for (Vertex v : edges.vertices()) {
      Map<String, Integer> nodes = nodesOf.get(v);
      if (nodes == null) {
        continue;
      }
      nodes.computeIfPresent(edges.node(), (n, count) -> count == 1 ? null : count - 1);
      if (nodes.isEmpty()) {
        nodesOf.remove(v);
      }
    }
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** How many vertices relate to some node (tests). */
  int vertexCount() {
    lock.readLock().lock();
    try {
      return nodesOf.size();
    } finally {
      lock.readLock().unlock();
    }
  }
}
