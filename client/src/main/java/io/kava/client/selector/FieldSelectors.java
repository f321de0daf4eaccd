package io.kava.client.selector;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field selectors ({@code a=b,a==b,c!=d}, with {@code \,} {@code \=} {@code \\} escapes) and the fields each
 * kind can be selected by, as upstream's per-kind field sets (metadata.name and metadata.namespace for
 * all; spec.nodeName and status.phase for pods; ...).
 */
public final class FieldSelectors {
  private FieldSelectors() {}

  public static FieldSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return FieldSelector.everything();
    }
    List<FieldRequirement> requirements = new ArrayList<>();
    for (String term : split(text, ',')) {
      requirements.add(term(term));
    }
    return new FieldSelector(requirements);
  }

  private static FieldRequirement term(String term) {
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (term.startsWith("!=", i)) {
        return make(term, term.substring(0, i), false, term.substring(i + 2));
      }
      if (term.startsWith("==", i)) {
        return make(term, term.substring(0, i), true, term.substring(i + 2));
      }
      if (c == '=') {
        return make(term, term.substring(0, i), true, term.substring(i + 1));
      }
    }
    throw new IllegalArgumentException("invalid selector: '" + term + "'; can't understand '" + term + "'");
  }

  private static FieldRequirement make(String term, String field, boolean equal, String value) {
    String f = unescape(field.trim());
    if (f.isEmpty()) {
      throw new IllegalArgumentException("invalid selector: '" + term + "'; field name is empty");
    }
    return new FieldRequirement(f, equal, unescape(value));
  }

  private static List<String> split(String s, char sep) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == sep) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == '\\' || n == ',' || n == '=') {
          sb.append(n);
          i++;
          continue;
        }
        throw new IllegalArgumentException("invalid field selector: invalid escape sequence: \\" + n);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /** The fields of this object a selector can name, with their values. */
  public static Map<String, String> fieldsOf(Message object) {
    Map<String, String> f = new LinkedHashMap<>();
    ObjectMeta meta = (ObjectMeta) object.getField(object.getDescriptorForType().findFieldByName("metadata"));
    f.put("metadata.name", meta.getName());
    f.put("metadata.namespace", meta.getNamespace());
    if (object instanceof Pod p) {
      f.put("spec.nodeName", p.getSpec().getNodeName());
      f.put("spec.restartPolicy", p.getSpec().getRestartPolicy());
      f.put("spec.schedulerName", p.getSpec().getSchedulerName());
      f.put("spec.serviceAccountName", p.getSpec().getServiceAccountName());
      f.put("spec.hostNetwork", String.valueOf(p.getSpec().getHostNetwork()));
      f.put("status.phase", p.getStatus().getPhase());
      f.put("status.podIP", p.getStatus().getPodIp());
      f.put("status.nominatedNodeName", p.getStatus().getNominatedNodeName());
    } else if (object instanceof Node n) {
      f.put("spec.unschedulable", String.valueOf(n.getSpec().getUnschedulable()));
    } else if (object instanceof Namespace n) {
      f.put("status.phase", n.getStatus().getPhase());
    } else if (object instanceof Secret s) {
      f.put("type", s.getType());
    } else if (object instanceof ReplicaSet rs) {
      f.put("status.replicas", String.valueOf(rs.getStatus().getReplicas()));
    } else if (object instanceof Job j) {
      f.put("status.successful", String.valueOf(j.getStatus().getSucceeded()));
    } else if (object instanceof Event e) {
      f.put("involvedObject.kind", e.getInvolvedObject().getKind());
      f.put("involvedObject.namespace", e.getInvolvedObject().getNamespace());
      f.put("involvedObject.name", e.getInvolvedObject().getName());
      f.put("involvedObject.uid", e.getInvolvedObject().getUid());
      f.put("involvedObject.apiVersion", e.getInvolvedObject().getApiVersion());
      f.put("involvedObject.resourceVersion", e.getInvolvedObject().getResourceVersion());
      f.put("involvedObject.fieldPath", e.getInvolvedObject().getFieldPath());
      f.put("reason", e.getReason());
      f.put("reportingComponent", e.getReportingComponent());
      f.put("source", e.getSource().getComponent());
      f.put("type", e.getType());
    }
    return f;
  }

  /** The field names a selector may use for this kind (pass any instance, e.g. the default one). */
  public static Set<String> supportedFields(Message kindInstance) {
    return fieldsOf(kindInstance).keySet();
  }
}
