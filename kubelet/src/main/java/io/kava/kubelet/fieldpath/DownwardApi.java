package io.kava.kubelet.fieldpath;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceFieldSelector;
import io.kava.client.quantity.Quantity;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The values the downward API exposes, as upstream's pkg/fieldpath: a pod field by its path (env
 * fieldRef and downwardAPI volume files share it) and a container resource in units of a divisor.
 * Pure functions; the kubelet passes what only it knows (the pod IP, the node's allocatable).
 */
public final class DownwardApi {
  private DownwardApi() {}

  /** A path or resource the downward API does not offer. */
  public static final class UnsupportedException extends Exception {
    public UnsupportedException(String message) {
      super(message);
    }
  }

  /**
   * The value of a fieldRef path. metadata.labels and metadata.annotations (the whole maps, for volume
   * files) are written as upstream's FormatMap: sorted {@code key="value"} lines without a final newline.
   */
  public static String field(Pod pod, String path, String podIp, String hostIp) throws UnsupportedException {
    var meta = pod.getMetadata();
    switch (path) {
      case "metadata.name": return meta.getName();
      case "metadata.namespace": return meta.getNamespace();
      case "metadata.uid": return meta.getUid();
      case "metadata.labels": return formatMap(meta.getLabelsMap());
      case "metadata.annotations": return formatMap(meta.getAnnotationsMap());
      case "spec.nodeName": return pod.getSpec().getNodeName();
      case "spec.serviceAccountName": return pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.podIPs": return podIp;
      case "status.hostIP", "status.hostIPs": return hostIp;
      default:
        String label = subscript(path, "metadata.labels");
        if (label != null) {
          return meta.getLabelsMap().getOrDefault(label, "");
        }
        String annotation = subscript(path, "metadata.annotations");
        if (annotation != null) {
          return meta.getAnnotationsMap().getOrDefault(annotation, "");
        }
        throw new UnsupportedException("unsupported fieldRef " + path);
    }
  }

  /** "x" of {@code prefix['x']}, or null when the path is not subscripted that way. */
  private static String subscript(String path, String prefix) {
    if (path.startsWith(prefix + "['") && path.endsWith("']") && path.length() > prefix.length() + 4) {
      return path.substring(prefix.length() + 2, path.length() - 2);
    }
    return null;
  }

  /**
   * A resource of a container (limits.cpu, requests.memory, ...) divided by the divisor (default 1),
   * rounded up, as upstream's ExtractContainerResourceValue. A limit the container does not set is the
   * node's allocatable amount, as upstream's kubelet merges it; an unset request is 0.
   */
  public static String resource(ResourceFieldSelector selector, Container container, Map<String, String> allocatable)
      throws UnsupportedException {
    String resource = selector.getResource();
    int dot = resource.indexOf('.');
    String kind = dot < 0 ? "" : resource.substring(0, dot);
    String name = dot < 0 ? resource : resource.substring(dot + 1);
    String amount;
    if (kind.equals("limits")) {
      amount = container.getResources().getLimitsMap().get(name);
      if (amount == null) {
        amount = allocatable.getOrDefault(name, "0");
      }
    } else if (kind.equals("requests")) {
      amount = container.getResources().getRequestsMap().getOrDefault(name, "0");
    } else {
      throw new UnsupportedException("unsupported container resource : " + resource);
    }
    Quantity divisor = selector.getDivisor().isEmpty() ? Quantity.parse("1") : Quantity.parse(selector.getDivisor());
    Quantity value = Quantity.parse(amount);
    return switch (name) {
      case "cpu" -> Long.toString(ceilDiv(value.milliValue(), Math.max(1, divisor.milliValue())));
      case "memory", "ephemeral-storage" -> Long.toString(ceilDiv(value.value(), Math.max(1, divisor.value())));
      default -> {
        if (name.startsWith("hugepages-")) {
          yield Long.toString(ceilDiv(value.value(), Math.max(1, divisor.value())));
        }
        throw new UnsupportedException("unsupported container resource : " + resource);
      }
    };
  }

  /** The pod's container (app or init) of that name. */
  public static Optional<Container> container(Pod pod, String name) {
    return Stream.concat(pod.getSpec().getContainersList().stream(), pod.getSpec().getInitContainersList().stream())
        .filter(c -> c.getName().equals(name)).findFirst();
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /** Upstream's FormatMap: {@code key="value"} per line, keys sorted, values quoted as Go's %q. */
  public static String formatMap(Map<String, String> map) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(e.getKey()).append('=').append(quote(e.getValue()));
    }
    return b.toString();
  }

  /** Go's strconv.Quote for the characters labels and annotations hold. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 0x0b -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", c));
          } else if (!printable(c)) {
            b.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.append('"').toString();
  }

  private static boolean printable(int c) {
    int type = Character.getType(c);
    return c < 0x80 || !(type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
        || type == Character.SURROGATE || type == Character.PRIVATE_USE || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR || (type == Character.SPACE_SEPARATOR && c != ' '));
  }
}
