package io.kava.apiserver.allocator;

import com.google.protobuf.Message;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.apiserver.errors.ApiError;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.registry.WriteHook;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Service's ClusterIP and NodePorts, as upstream's service REST allocation (alloc.go): a create takes
 * a requested free value or the next free one, an update takes what a type change needs and frees what
 * the old type held, a delete frees everything. A value taken for a write that then fails is given back.
 * Headless ({@code clusterIP: None}) and ExternalName Services get no address.
 */
public final class ServiceAllocations implements WriteHook {
  private static final Logger log = LoggerFactory.getLogger(ServiceAllocations.class);

  private final ServiceIpAllocator ips;
  private final NodePortAllocator nodePorts;

  public ServiceAllocations(ServiceIpAllocator ips, NodePortAllocator nodePorts) {
    this.ips = ips;
    this.nodePorts = nodePorts;
  }

  public ServiceIpAllocator ips() {
    return ips;
  }

  public NodePortAllocator nodePorts() {
    return nodePorts;
  }

  /** Upstream needsClusterIP: every type but ExternalName. */
  public static boolean needsClusterIp(Service svc) {
    return !svc.getSpec().getType().equals("ExternalName");
  }

  /** Upstream needsNodePort: NodePort and LoadBalancer. */
  public static boolean needsNodePorts(Service svc) {
    String type = svc.getSpec().getType();
    return type.equals("NodePort") || type.equals("LoadBalancer");
  }

  /** The address a stored Service holds in the bitmap, or "" (headless, ExternalName). */
  public static String heldIp(Service svc) {
    String ip = svc.getSpec().getClusterIp();
    return needsClusterIp(svc) && !ip.equals("None") ? ip : "";
  }

  /** The node ports a stored Service holds in the bitmap. */
  public static Set<Integer> heldNodePorts(Service svc) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (ServicePort p : svc.getSpec().getPortsList()) {
      if (p.getNodePort() != 0) {
        ports.add(p.getNodePort());
      }
    }
    return ports;
  }

  @Override
  public Pending beginCreate(Message object, boolean dryRun) {
    Service svc = (Service) object;
    Transaction tx = new Transaction(svc, dryRun);
    try {
      ServiceSpec.Builder spec = svc.getSpec().toBuilder();
      if (needsClusterIp(svc) && !spec.getClusterIp().equals("None")) {
        tx.takeIp(spec, spec.getClusterIp());
      }
      if (needsNodePorts(svc)) {
        tx.takeNodePorts(spec, Set.of());
      }
      tx.object = svc.toBuilder().setSpec(spec).build();
      return tx;
    } catch (RuntimeException e) {
      tx.revert();
      throw e;
    }
  }

  @Override
  public Pending beginUpdate(Message object, Message oldObject, boolean dryRun) {
    Service svc = (Service) object;
    Service old = (Service) oldObject;
    Transaction tx = new Transaction(svc, dryRun);
    try {
      ServiceSpec.Builder spec = svc.getSpec().toBuilder();
      String oldIp = heldIp(old);
      String newIp = "";
      if (needsClusterIp(svc) && !spec.getClusterIp().equals("None")) {
        if (!oldIp.isEmpty() && spec.getClusterIp().equals(oldIp)) {
          newIp = oldIp;
        } else {
          newIp = tx.takeIp(spec, spec.getClusterIp());
        }
      }
      if (!oldIp.isEmpty() && !oldIp.equals(newIp)) {
        tx.onCommit(() -> ips.release(oldIp));
      }
      Set<Integer> oldPorts = heldNodePorts(old);
      Set<Integer> newPorts = needsNodePorts(svc) ? tx.takeNodePorts(spec, oldPorts) : Set.of();
      for (int port : oldPorts) {
        if (!newPorts.contains(port)) {
          tx.onCommit(() -> nodePorts.release(port));
        }
      }
      tx.object = svc.toBuilder().setSpec(spec).build();
      return tx;
    } catch (RuntimeException e) {
      tx.revert();
      throw e;
    }
  }

  @Override
  public void afterDelete(Message deleted) {
    Service svc = (Service) deleted;
    String ip = heldIp(svc);
    safely(svc, () -> {
      if (!ip.isEmpty()) {
        ips.release(ip);
      }
      heldNodePorts(svc).forEach(nodePorts::release);
    });
  }

  /** A failed release leaves a leak for the repair loop, never a value handed out twice. */
  private static void safely(Service svc, Runnable release) {
    try {
      release.run();
    } catch (RuntimeException e) {
      log.warn("Failed to free the allocations of service {}/{}, the repair loop will: {}",
          svc.getMetadata().getNamespace(), svc.getMetadata().getName(), e.getMessage());
    }
  }

  /** What one write took (given back on revert) and frees on commit. */
  private final class Transaction implements Pending {
    private final Service input;
    private final boolean dryRun;
    private final List<Runnable> undo = new ArrayList<>();
    private final List<Runnable> onCommit = new ArrayList<>();
    private Message object;

    Transaction(Service input, boolean dryRun) {
      this.input = input;
      this.dryRun = dryRun;
    }

    @Override
    public Message object() {
      return object;
    }

    void onCommit(Runnable release) {
      if (!dryRun) {
        onCommit.add(release);
      }
    }

    @Override
    public void commit() {
      undo.clear();
      onCommit.forEach(r -> safely(input, r));
      onCommit.clear();
    }

    @Override
    public void revert() {
      onCommit.clear();
      undo.forEach(r -> safely(input, r));
      undo.clear();
    }

    /** Takes the requested address, or the next free one when none is requested; sets clusterIP(s). */
    String takeIp(ServiceSpec.Builder spec, String requested) {
      String ip;
      try {
        if (requested.isEmpty()) {
          ip = dryRun ? ips.peekNext() : ips.allocateNext();
        } else {
          ip = requested;
          if (dryRun) {
            ips.check(ip);
          } else {
            ips.allocate(ip);
          }
        }
      } catch (AllocationException e) {
        String detail = requested.isEmpty() ? "failed to allocate a serviceIP: " + e.getMessage()
            : "failed to allocate IP " + requested + ": " + e.getMessage();
        throw invalid(FieldError.invalid("spec.clusterIPs", List.of(requested.isEmpty() ? "" : requested), detail));
      }
      if (!dryRun) {
        undo.add(() -> ips.release(ip));
      }
      spec.setClusterIp(ip).clearClusterIps().addClusterIps(ip);
      return ip;
    }

    /**
     * Takes every node port the spec needs: requested ones (unless the old object holds them already),
     * then one per distinct service port left without, shared by TCP and UDP of one port as upstream.
     */
    Set<Integer> takeNodePorts(ServiceSpec.Builder spec, Set<Integer> held) {
      Set<Integer> mine = new LinkedHashSet<>();
      Map<Integer, Integer> byServicePort = new HashMap<>();
      for (int i = 0; i < spec.getPortsCount(); i++) {
        ServicePort port = spec.getPorts(i);
        int requested = port.getNodePort();
        if (requested == 0) {
          continue;
        }
        if (!held.contains(requested) && !mine.contains(requested)) {
          takeNodePort(requested, "spec.ports[" + i + "].nodePort");
        }
        mine.add(requested);
        byServicePort.putIfAbsent(port.getPort(), requested);
      }
      for (int i = 0; i < spec.getPortsCount(); i++) {
        ServicePort port = spec.getPorts(i);
        if (port.getNodePort() != 0) {
          continue;
        }
        Integer shared = byServicePort.get(port.getPort());
        int nodePort = shared != null ? shared : takeNextNodePort("spec.ports[" + i + "].nodePort");
        mine.add(nodePort);
        byServicePort.put(port.getPort(), nodePort);
        spec.setPorts(i, port.toBuilder().setNodePort(nodePort));
      }
      return mine;
    }

    private void takeNodePort(int port, String path) {
      try {
        if (dryRun) {
          nodePorts.check(port);
        } else {
          nodePorts.allocate(port);
          undo.add(() -> nodePorts.release(port));
        }
      } catch (AllocationException e) {
        throw invalid(FieldError.invalid(path, port, e.getMessage()));
      }
    }

    private int takeNextNodePort(String path) {
      try {
        if (dryRun) {
          return nodePorts.peekNext();
        }
        int port = nodePorts.allocateNext();
        undo.add(() -> nodePorts.release(port));
        return port;
      } catch (AllocationException e) {
        throw invalid(FieldError.invalid(path, 0, "failed to allocate a nodePort: " + e.getMessage()));
      }
    }

    private ApiError invalid(FieldError error) {
      return ApiError.invalid(Kinds.SERVICE, input.getMetadata().getName(), List.of(error));
    }
  }
}
