package io.kava.kubectl.print;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/** The `kavactl get` table of every kind, shaped like kubectl's (pkg/printers/internalversion). */
public final class KindTables {
  private static final String NONE = "<none>";

  private KindTables() {}

  public static KindTable of(Kind kind) {
    return switch (kind.kind()) {
      case "Pod" -> table(List.of("NAME", "READY", "STATUS", "RESTARTS", "AGE"), List.of("IP", "NODE", "NOMINATED NODE"),
          Pod.class, KindTables::pod, KindTables::podWide);
      case "Deployment" -> table(List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"), CONTAINERS_IMAGES_SELECTOR,
          Deployment.class, KindTables::deployment,
          (d, now) -> workload(d.getSpec().getTemplate(), d.getSpec().getSelector()));
      case "ReplicaSet" -> table(List.of("NAME", "DESIRED", "CURRENT", "READY", "AGE"), CONTAINERS_IMAGES_SELECTOR,
          ReplicaSet.class, KindTables::replicaSet,
          (rs, now) -> workload(rs.getSpec().getTemplate(), rs.getSpec().getSelector()));
      case "StatefulSet" -> table(List.of("NAME", "READY", "AGE"), List.of("CONTAINERS", "IMAGES"),
          StatefulSet.class, (set, now) -> List.of(name(set), set.getStatus().getReadyReplicas() + "/"
              + (set.getSpec().hasReplicas() ? set.getSpec().getReplicas() : 1), age(set, now)),
          (set, now) -> workload(set.getSpec().getTemplate(), set.getSpec().getSelector()).subList(0, 2));
      case "DaemonSet" -> table(List.of("NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE",
          "NODE SELECTOR", "AGE"), CONTAINERS_IMAGES_SELECTOR, DaemonSet.class, KindTables::daemonSet,
          (ds, now) -> workload(ds.getSpec().getTemplate(), ds.getSpec().getSelector()));
      case "Node" -> table(List.of("NAME", "STATUS", "ROLES", "AGE", "VERSION"),
          List.of("INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"),
          Node.class, KindTables::node, KindTables::nodeWide);
      case "Service" -> SERVICES;
      case "Namespace" -> table(List.of("NAME", "STATUS", "AGE"), List.of(), Namespace.class,
          (ns, now) -> List.of(name(ns), ns.getStatus().getPhase().isEmpty() ? "Active" : ns.getStatus().getPhase(),
              age(ns, now)), null);
      case "ConfigMap" -> table(List.of("NAME", "DATA", "AGE"), List.of(), ConfigMap.class,
          (cm, now) -> List.of(name(cm), Integer.toString(cm.getDataCount() + cm.getBinaryDataCount()), age(cm, now)), null);
      case "ServiceAccount" -> table(List.of("NAME", "SECRETS", "AGE"), List.of(), ServiceAccount.class,
          (sa, now) -> List.of(name(sa), Integer.toString(sa.getSecretsCount()), age(sa, now)), null);
      case "Secret" -> table(List.of("NAME", "TYPE", "DATA", "AGE"), List.of(), Secret.class,
          (s, now) -> List.of(name(s), s.getType(), Integer.toString(s.getDataCount()), age(s, now)), null);
      case "Endpoints" -> table(List.of("NAME", "ENDPOINTS", "AGE"), List.of(), Endpoints.class,
          (ep, now) -> List.of(name(ep), NetworkColumns.endpoints(ep), age(ep, now)), null);
      case "EndpointSlice" -> table(List.of("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"), List.of(),
          EndpointSlice.class, (es, now) -> List.of(name(es), es.getAddressType(), NetworkColumns.slicePorts(es),
              NetworkColumns.sliceEndpoints(es), age(es, now)), null);
      case "Event" -> table(List.of("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"), List.of(), Event.class,
          KindTables::event, null);
      case "Job" -> table(List.of("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"), CONTAINERS_IMAGES_SELECTOR, Job.class,
          KindTables::job, (j, now) -> workload(j.getSpec().getTemplate(), j.getSpec().getSelector()));
      case "CronJob" -> table(List.of("NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"),
          CONTAINERS_IMAGES_SELECTOR, CronJob.class, KindTables::cronJob, (cj, now) -> workload(
              cj.getSpec().getJobTemplate().getSpec().getTemplate(), cj.getSpec().getJobTemplate().getSpec().getSelector()));
      case "PodDisruptionBudget" -> table(List.of("NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"),
          List.of(), io.kava.api.policy.v1.PodDisruptionBudget.class, (pdb, now) -> List.of(name(pdb),
              pdb.getSpec().hasMinAvailable() ? intOrString(pdb.getSpec().getMinAvailable()) : "N/A",
              pdb.getSpec().hasMaxUnavailable() ? intOrString(pdb.getSpec().getMaxUnavailable()) : "N/A",
              Integer.toString(pdb.getStatus().getDisruptionsAllowed()), age(pdb, now)), null);
      case "PersistentVolumeClaim" -> table(StorageColumns.CLAIM_HEADERS, StorageColumns.VOLUME_MODE,
          io.kava.api.core.v1.PersistentVolumeClaim.class, StorageColumns::claim, StorageColumns::claimWide);
      case "PersistentVolume" -> table(StorageColumns.VOLUME_HEADERS, StorageColumns.VOLUME_MODE,
          io.kava.api.core.v1.PersistentVolume.class, StorageColumns::volume, StorageColumns::volumeWide);
      case "StorageClass" -> table(StorageColumns.CLASS_HEADERS, List.of(), io.kava.api.storage.v1.StorageClass.class,
          StorageColumns::storageClass, null);
      case "PriorityClass" -> table(List.of("NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"), List.of(),
          io.kava.api.scheduling.v1.PriorityClass.class, (pc, now) -> List.of(name(pc), Integer.toString(pc.getValue()),
              Boolean.toString(pc.getGlobalDefault()), age(pc, now), pc.getPreemptionPolicy()), null);
      case "ControllerRevision" -> table(List.of("NAME", "CONTROLLER", "REVISION", "AGE"), List.of(),
          ControllerRevision.class, (cr, now) -> List.of(name(cr), controllerOf(cr), Long.toString(cr.getRevision()),
              age(cr, now)), null);
      case "HorizontalPodAutoscaler" -> table(List.of("NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS",
          "AGE"), List.of(), io.kava.api.autoscaling.v2.HorizontalPodAutoscaler.class, (hpa, now) -> List.of(name(hpa),
              hpa.getSpec().getScaleTargetRef().getKind() + "/" + hpa.getSpec().getScaleTargetRef().getName(),
              HpaTargets.format(hpa), hpa.getSpec().hasMinReplicas() ? Integer.toString(hpa.getSpec().getMinReplicas())
                  : "<unset>", Integer.toString(hpa.getSpec().getMaxReplicas()),
              Integer.toString(hpa.getStatus().getCurrentReplicas()), age(hpa, now)), null);
      case "CertificateSigningRequest" -> table(SigningRequestColumns.HEADERS, List.of(),
          io.kava.api.certificates.v1.CertificateSigningRequest.class, SigningRequestColumns::row, null);
      case "Role" -> table(RbacColumns.ROLE_HEADERS, List.of(), io.kava.api.rbac.v1.Role.class, RbacColumns::role, null);
      case "ClusterRole" -> table(RbacColumns.ROLE_HEADERS, List.of(), io.kava.api.rbac.v1.ClusterRole.class,
          RbacColumns::role, null);
      case "RoleBinding" -> table(RbacColumns.BINDING_HEADERS, RbacColumns.BINDING_WIDE_HEADERS,
          io.kava.api.rbac.v1.RoleBinding.class, (b, now) -> RbacColumns.binding(b, b.getRoleRef(), now),
          (b, now) -> RbacColumns.bindingWide(b.getSubjectsList()));
      case "ClusterRoleBinding" -> table(RbacColumns.BINDING_HEADERS, RbacColumns.BINDING_WIDE_HEADERS,
          io.kava.api.rbac.v1.ClusterRoleBinding.class, (b, now) -> RbacColumns.binding(b, b.getRoleRef(), now),
          (b, now) -> RbacColumns.bindingWide(b.getSubjectsList()));
      case "LimitRange" -> table(QuotaColumns.LIMIT_RANGE_HEADERS, List.of(), io.kava.api.core.v1.LimitRange.class,
          QuotaColumns::limitRange, null);
      case "ResourceQuota" -> table(QuotaColumns.QUOTA_HEADERS, List.of(), io.kava.api.core.v1.ResourceQuota.class,
          QuotaColumns::quota, null);
      case "NetworkPolicy" -> table(List.of("NAME", "POD-SELECTOR", "AGE"), List.of(),
          io.kava.api.networking.v1.NetworkPolicy.class,
          (np, now) -> List.of(name(np), Selectors.format(np.getSpec().getPodSelector()), age(np, now)), null);
      case "Lease" -> table(List.of("NAME", "HOLDER", "AGE"), List.of(), Lease.class,
          (l, now) -> List.of(name(l), l.getSpec().getHolderIdentity(), age(l, now)), null);
      default -> table(List.of("NAME", "AGE"), List.of(), Message.class, (m, now) -> List.of(name(m), age(m, now)), null);
    };
  }

  /** Upstream printControllerRevision: "statefulset.apps/web" from the controller reference, or <none>. */
  private static String controllerOf(ControllerRevision cr) {
    for (var ref : cr.getMetadata().getOwnerReferencesList()) {
      if (ref.getController()) {
        int slash = ref.getApiVersion().indexOf('/');
        String group = slash < 0 ? "" : ref.getApiVersion().substring(0, slash);
        return ref.getKind().toLowerCase(Locale.ROOT) + (group.isEmpty() ? "" : "." + group) + "/" + ref.getName();
      }
    }
    return NONE;
  }

  /** Whether the kind's table has no NAME column first (events: the name is not shown). */
  public static boolean nameFirst(Kind kind) {
    return !kind.equals(Kinds.EVENT);
  }

  /** Services by hand: the EXTERNAL-IP cell itself differs with -o wide (load balancer addresses unclipped). */
  private static final KindTable SERVICES = new KindTable() {
    @Override
    public List<String> headers(boolean wide) {
      List<String> h = new ArrayList<>(List.of("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"));
      if (wide) {
        h.add("SELECTOR");
      }
      return h;
    }

    @Override
    public List<String> row(Message object, boolean wide, Instant now) {
      Service s = (Service) object;
      List<String> row = new ArrayList<>(service(s, wide, now));
      if (wide) {
        row.add(NetworkColumns.selector(s.getSpec()));
      }
      return row;
    }
  };

  private static final List<String> CONTAINERS_IMAGES_SELECTOR = List.of("CONTAINERS", "IMAGES", "SELECTOR");

  private static <T extends Message> KindTable table(List<String> headers, List<String> wideHeaders, Class<T> type,
      BiFunction<T, Instant, List<String>> row, BiFunction<T, Instant, List<String>> wideRow) {
    return new KindTable() {
      @Override
      public List<String> headers(boolean wide) {
        if (!wide || wideRow == null) {
          return headers;
        }
        List<String> all = new ArrayList<>(headers);
        all.addAll(wideHeaders);
        return all;
      }

      @Override
      public List<String> row(Message object, boolean wide, Instant now) {
        T typed = type.cast(object);
        if (!wide || wideRow == null) {
          return row.apply(typed, now);
        }
        List<String> all = new ArrayList<>(row.apply(typed, now));
        all.addAll(wideRow.apply(typed, now));
        return all;
      }
    };
  }

  static String name(Message object) {
    return ApiObjects.meta(object).getName();
  }

  static String age(Message object, Instant now) {
    return Age.since(ApiObjects.meta(object).getCreationTimestamp(), now);
  }

  private static List<String> pod(Pod pod, Instant now) {
    PodStatus s = PodStatus.of(pod, now);
    return List.of(name(pod), s.ready(), s.status(), s.restarts(), age(pod, now));
  }

  private static List<String> podWide(Pod pod, Instant now) {
    String ip = pod.getStatus().getPodIpsCount() > 0 ? pod.getStatus().getPodIps(0).getIp() : pod.getStatus().getPodIp();
    return List.of(orNone(ip), orNone(pod.getSpec().getNodeName()), orNone(pod.getStatus().getNominatedNodeName()));
  }

  private static List<String> deployment(Deployment d, Instant now) {
    int desired = d.getSpec().hasReplicas() ? d.getSpec().getReplicas() : 1;
    var st = d.getStatus();
    return List.of(name(d), st.getReadyReplicas() + "/" + desired, Integer.toString(st.getUpdatedReplicas()),
        Integer.toString(st.getAvailableReplicas()), age(d, now));
  }

  private static List<String> replicaSet(ReplicaSet rs, Instant now) {
    int desired = rs.getSpec().hasReplicas() ? rs.getSpec().getReplicas() : 1;
    return List.of(name(rs), Integer.toString(desired), Integer.toString(rs.getStatus().getReplicas()),
        Integer.toString(rs.getStatus().getReadyReplicas()), age(rs, now));
  }

  private static List<String> daemonSet(DaemonSet ds, Instant now) {
    var st = ds.getStatus();
    Map<String, String> selector = new java.util.TreeMap<>(ds.getSpec().getTemplate().getSpec().getNodeSelectorMap());
    String nodeSelector = selector.isEmpty() ? NONE : String.join(",", selector.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).toList());
    return List.of(name(ds), Integer.toString(st.getDesiredNumberScheduled()),
        Integer.toString(st.getCurrentNumberScheduled()), Integer.toString(st.getNumberReady()),
        Integer.toString(st.getUpdatedNumberScheduled()), Integer.toString(st.getNumberAvailable()), nodeSelector,
        age(ds, now));
  }

  private static List<String> workload(PodTemplateSpec template, LabelSelector selector) {
    List<String> names = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (Container c : template.getSpec().getContainersList()) {
      names.add(c.getName());
      images.add(c.getImage());
    }
    return List.of(String.join(",", names), String.join(",", images), Selectors.format(selector));
  }

  private static List<String> node(Node node, Instant now) {
    return List.of(name(node), nodeStatus(node), roles(node.getMetadata().getLabelsMap()), age(node, now),
        node.getStatus().getNodeInfo().getKubeletVersion());
  }

  public static String nodeStatus(Node node) {
    String status = "Unknown";
    for (NodeCondition c : node.getStatus().getConditionsList()) {
      if (c.getType().equals("Ready")) {
        status = switch (c.getStatus()) {
          case "True" -> "Ready";
          case "False" -> "NotReady";
          default -> "Unknown";
        };
      }
    }
    return node.getSpec().getUnschedulable() ? status + ",SchedulingDisabled" : status;
  }

  public static String roles(Map<String, String> labels) {
    TreeSet<String> roles = new TreeSet<>();
    labels.forEach((k, v) -> {
      if (k.startsWith("node-role.kubernetes.io/") && k.length() > "node-role.kubernetes.io/".length()) {
        roles.add(k.substring("node-role.kubernetes.io/".length()));
      } else if (k.equals("kubernetes.io/role") && !v.isEmpty()) {
        roles.add(v);
      }
    });
    return roles.isEmpty() ? NONE : String.join(",", roles);
  }

  private static List<String> nodeWide(Node node, Instant now) {
    var info = node.getStatus().getNodeInfo();
    return List.of(address(node, "InternalIP"), address(node, "ExternalIP"), orUnknown(info.getOsImage()),
        orUnknown(info.getKernelVersion()), orUnknown(info.getContainerRuntimeVersion()));
  }

  private static String address(Node node, String type) {
    return node.getStatus().getAddressesList().stream().filter(a -> a.getType().equals(type))
        .map(NodeAddress::getAddress).findFirst().orElse(NONE);
  }

  private static List<String> service(Service s, boolean wide, Instant now) {
    ServiceSpec spec = s.getSpec();
    return List.of(name(s), NetworkColumns.type(spec), NetworkColumns.clusterIp(spec), NetworkColumns.externalIp(s, wide),
        NetworkColumns.ports(spec.getPortsList()), age(s, now));
  }

  private static List<String> event(Event e, Instant now) {
    String first = Age.since(e.getFirstTimestamp().isEmpty() ? e.getEventTime() : e.getFirstTimestamp(), now);
    String last = e.getLastTimestamp().isEmpty() ? first : Age.since(e.getLastTimestamp(), now);
    String interval = e.getCount() > 1 ? last + " (x" + e.getCount() + " over " + first + ")" : last;
    return List.of(interval, e.getType(), e.getReason(), eventObject(e), e.getMessage().strip());
  }

  static String eventObject(Event e) {
    String kind = e.getInvolvedObject().getKind().toLowerCase(Locale.ROOT);
    return e.getInvolvedObject().getName().isEmpty() ? kind : kind + "/" + e.getInvolvedObject().getName();
  }

  private static List<String> job(Job j, Instant now) {
    var spec = j.getSpec();
    var st = j.getStatus();
    String completions;
    if (spec.hasCompletions()) {
      completions = st.getSucceeded() + "/" + spec.getCompletions();
    } else {
      int parallelism = spec.hasParallelism() ? spec.getParallelism() : 0;
      completions = parallelism > 1 ? st.getSucceeded() + "/1 of " + parallelism : st.getSucceeded() + "/1";
    }
    Instant start = Age.parse(st.getStartTime());
    Instant end = Age.parse(st.getCompletionTime());
    String duration = start == null ? "" : Age.human(Duration.between(start, end == null ? now : end));
    return List.of(name(j), jobStatus(j), completions, duration, age(j, now));
  }

  /** kubectl 1.32 printJob's STATUS: the first True condition in this order, else Running. */
  static String jobStatus(Job j) {
    for (String type : List.of("Complete", "Failed")) {
      if (hasJobCondition(j, type)) {
        return type;
      }
    }
    if (!j.getMetadata().getDeletionTimestamp().isEmpty()) {
      return "Terminating";
    }
    for (String type : List.of("Suspended", "FailureTarget", "SuccessCriteriaMet")) {
      if (hasJobCondition(j, type)) {
        return type;
      }
    }
    return "Running";
  }

  private static boolean hasJobCondition(Job j, String type) {
    return j.getStatus().getConditionsList().stream().anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
  }

  private static List<String> cronJob(CronJob cj, Instant now) {
    var spec = cj.getSpec();
    Instant last = Age.parse(cj.getStatus().getLastScheduleTime());
    return List.of(name(cj), spec.getSchedule(), spec.hasTimeZone() ? spec.getTimeZone() : NONE,
        spec.hasSuspend() ? (spec.getSuspend() ? "True" : "False") : "<unset>",
        Integer.toString(cj.getStatus().getActiveCount()), last == null ? NONE : Age.human(Duration.between(last, now)),
        age(cj, now));
  }

  /** An int-or-string as kubectl prints it: 2 or "50%". */
  public static String intOrString(io.kava.api.meta.v1.IntOrString v) {
    return v.hasStrVal() ? v.getStrVal() : Integer.toString(v.getIntVal());
  }

  private static String orNone(String s) {
    return s == null || s.isEmpty() ? NONE : s;
  }

  private static String orUnknown(String s) {
    return s == null || s.isEmpty() ? "<unknown>" : s;
  }
}
