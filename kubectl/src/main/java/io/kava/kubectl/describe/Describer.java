package io.kava.kubectl.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.Target;
import java.time.Instant;
import java.util.List;

/**
 * `kavactl describe`: a readable summary of each object, its related objects and, at the end, its
 * events. Pods, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, Nodes, Services, Endpoints,
 * EndpointSlices, ConfigMaps, Secrets, Namespaces, PersistentVolumeClaims, PersistentVolumes,
 * StorageClasses, roles, bindings and ServiceAccounts have their own layout; other kinds show their spec and status.
 */
public final class Describer {
  private final Session session;

  public Describer(Session session) {
    this.session = session;
  }

  /** Describes each named object (or every object of the kind when no names are given). */
  public int describe(List<Target> targets) {
    int exit = 0;
    boolean first = true;
    for (Target t : targets) {
      String ns = t.kind().namespaced() ? session.namespace() : "";
      List<Message> objects;
      if (t.names().isEmpty()) {
        objects = session.resource(t.kind()).list(io.kava.client.ListOptions.inNamespace(ns)).items();
      } else {
        objects = new java.util.ArrayList<>();
        for (String name : t.names()) {
          try {
            objects.add(session.resource(t.kind()).get(ns, name));
          } catch (ApiException e) {
            session.err().println(session.describe(e, t.kind(), name));
            exit = 1;
          }
        }
      }
      for (Message object : objects) {
        if (!first) {
          session.out().println();
          session.out().println();
        }
        first = false;
        session.out().print(describe(t.kind(), object));
        session.out().flush();
      }
    }
    return exit;
  }

  /** The describe text of one object. */
  public String describe(Kind kind, Message object) {
    Instant now = session.clock().instant();
    DescribeWriter w = new DescribeWriter(session.clock().getZone());
    if (object instanceof Pod pod) {
      PodDescriber.write(w, pod, now);
    } else if (object instanceof Deployment d) {
      WorkloadDescribers.deployment(w, session, d);
    } else if (object instanceof ReplicaSet rs) {
      WorkloadDescribers.replicaSet(w, session, rs);
    } else if (object instanceof io.kava.api.apps.v1.StatefulSet set) {
      SetDescribers.statefulSet(w, session, set);
    } else if (object instanceof io.kava.api.apps.v1.DaemonSet ds) {
      SetDescribers.daemonSet(w, session, ds);
    } else if (object instanceof Job job) {
      WorkloadDescribers.job(w, job);
    } else if (object instanceof io.kava.api.batch.v1.CronJob cj) {
      WorkloadDescribers.cronJob(w, cj);
    } else if (object instanceof Node node) {
      NodeDescriber.write(w, session, node, now);
    } else if (object instanceof Service svc) {
      ServiceDescribers.service(w, session, svc);
    } else if (object instanceof Endpoints ep) {
      ServiceDescribers.endpoints(w, ep);
    } else if (object instanceof EndpointSlice slice) {
      ServiceDescribers.endpointSlice(w, slice);
    } else if (object instanceof ConfigMap cm) {
      OtherDescribers.configMap(w, cm);
    } else if (object instanceof Secret secret) {
      OtherDescribers.secret(w, secret);
    } else if (object instanceof Namespace ns) {
      OtherDescribers.namespace(w, ns, inNamespace(io.kava.api.core.v1.ResourceQuota.class, ns),
          inNamespace(io.kava.api.core.v1.LimitRange.class, ns));
    } else if (object instanceof io.kava.api.core.v1.ResourceQuota quota) {
      QuotaDescribers.quota(w, quota);
    } else if (object instanceof io.kava.api.core.v1.LimitRange lr) {
      QuotaDescribers.limitRange(w, lr);
    } else if (object instanceof io.kava.api.networking.v1.NetworkPolicy policy) {
      NetworkPolicyDescriber.write(w, policy);
    } else if (object instanceof io.kava.api.policy.v1.PodDisruptionBudget pdb) {
      OtherDescribers.podDisruptionBudget(w, pdb);
    } else if (object instanceof io.kava.api.core.v1.PersistentVolumeClaim pvc) {
      StorageDescribers.claim(w, session, pvc, now);
    } else if (object instanceof io.kava.api.core.v1.PersistentVolume pv) {
      StorageDescribers.volume(w, pv, now);
    } else if (object instanceof io.kava.api.storage.v1.StorageClass sc) {
      StorageDescribers.storageClass(w, sc);
    } else if (object instanceof io.kava.api.autoscaling.v2.HorizontalPodAutoscaler hpa) {
      OtherDescribers.horizontalPodAutoscaler(w, hpa);
    } else if (object instanceof io.kava.api.rbac.v1.Role role) {
      RbacDescribers.role(w, role.getMetadata(), role.getRulesList());
    } else if (object instanceof io.kava.api.rbac.v1.ClusterRole role) {
      RbacDescribers.role(w, role.getMetadata(), role.getRulesList());
    } else if (object instanceof io.kava.api.rbac.v1.RoleBinding b) {
      RbacDescribers.binding(w, b.getMetadata(), b.getRoleRef(), b.getSubjectsList());
    } else if (object instanceof io.kava.api.rbac.v1.ClusterRoleBinding b) {
      RbacDescribers.binding(w, b.getMetadata(), b.getRoleRef(), b.getSubjectsList());
    } else if (object instanceof io.kava.api.core.v1.ServiceAccount sa) {
      RbacDescribers.serviceAccount(w, sa, session.resource(io.kava.client.Kinds.SECRET)
          .list(io.kava.client.ListOptions.inNamespace(sa.getMetadata().getNamespace())).items().stream()
          .map(Secret.class::cast).toList());
    } else {
      generic(w, kind, object);
    }
    // kubectl's role and binding describers show no events; a quota's and a limit range's end with their tables.
    if (!(object instanceof Event) && !kind.group().equals(io.kava.client.Kinds.RBAC_GROUP)
        && !(object instanceof io.kava.api.core.v1.ResourceQuota) && !(object instanceof io.kava.api.core.v1.LimitRange)) {
      EventsSection.write(w, EventsSection.of(session, kind, object), now);
    }
    return w.render();
  }

  /** The namespace's objects of a kind, for describe namespace. */
  private <T extends Message> List<T> inNamespace(Class<T> type, Namespace ns) {
    return session.resource(io.kava.client.Kinds.of(type))
        .list(io.kava.client.ListOptions.inNamespace(ns.getMetadata().getName())).items().stream().map(type::cast).toList();
  }

  /** Name, Namespace, Labels and Annotations: the head of most describes. */
  static void header(DescribeWriter w, ObjectMeta meta, boolean namespaced) {
    w.line(0, "Name:", meta.getName());
    if (namespaced) {
      w.line(0, "Namespace:", meta.getNamespace());
    }
    w.labels(0, "Labels", meta.getLabelsMap());
    w.annotations(0, meta.getAnnotationsMap());
  }

  /** "Terminating (lasts 5s)", as kubectl shows an object being deleted. */
  static String terminating(ObjectMeta meta, Instant now) {
    Instant deletion = io.kava.kubectl.print.Age.parse(meta.getDeletionTimestamp());
    return "Terminating" + (deletion == null ? ""
        : " (lasts " + io.kava.kubectl.print.Age.human(java.time.Duration.between(deletion, now)) + ")");
  }

  static String controlledBy(ObjectMeta meta) {
    for (OwnerReference ref : meta.getOwnerReferencesList()) {
      if (ref.getController()) {
        return ref.getKind() + "/" + ref.getName();
      }
    }
    return null;
  }

  /** Kinds without a layout of their own: the head, then every other field as indented YAML. */
  private static void generic(DescribeWriter w, Kind kind, Message object) {
    ObjectMeta meta = ApiObjects.meta(object);
    header(w, meta, kind.namespaced());
    w.line(0, "API Version:", kind.apiVersion());
    w.line(0, "Kind:", kind.kind());
    ObjectNode tree = Manifests.toTree(object);
    tree.remove(List.of("apiVersion", "kind", "metadata"));
    w.flush();
    for (var it = tree.fields(); it.hasNext(); ) {
      var e = it.next();
      writeNode(w, 0, title(e.getKey()), e.getValue());
    }
  }

  private static void writeNode(DescribeWriter w, int level, String title, JsonNode node) {
    if (node.isObject()) {
      w.line(level, title + ":");
      node.fields().forEachRemaining(e -> writeNode(w, level + 1, title(e.getKey()), e.getValue()));
    } else if (node.isArray()) {
      w.line(level, title + ":");
      for (JsonNode item : node) {
        if (item.isObject()) {
          for (var it = item.fields(); it.hasNext(); ) {
            var e = it.next();
            writeNode(w, level + 1, title(e.getKey()), e.getValue());
          }
        } else {
          w.line(level + 1, item.asText());
        }
      }
    } else {
      w.line(level, title + ":", node.asText().replace("\n", " "));
    }
  }

  /** "holderIdentity" becomes "Holder Identity", as kubectl's generic describer writes field names. */
  static String title(String jsonName) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < jsonName.length(); i++) {
      char c = jsonName.charAt(i);
      if (i == 0) {
        b.append(Character.toUpperCase(c));
      } else if (Character.isUpperCase(c) && !Character.isUpperCase(jsonName.charAt(i - 1))) {
        b.append(' ').append(c);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
