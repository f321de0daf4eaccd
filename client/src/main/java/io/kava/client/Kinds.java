package io.kava.client;

import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.certificates.v1.CertificateSigningRequest;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.LimitRange;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceQuota;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.networking.v1.NetworkPolicy;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.rbac.v1.ClusterRole;
import io.kava.api.rbac.v1.ClusterRoleBinding;
import io.kava.api.rbac.v1.Role;
import io.kava.api.rbac.v1.RoleBinding;
import io.kava.api.scheduling.v1.PriorityClass;
import io.kava.api.storage.v1.StorageClass;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The registry of every kind Kava serves. Lookups accept what kubectl accepts: kind, plural, singular, short name. */
public final class Kinds {
  public static final Kind NAMESPACE = kind("Namespace", "", "namespaces", List.of("ns"), false, Namespace.getDefaultInstance());
  public static final Kind POD = kind("Pod", "", "pods", List.of("po"), true, Pod.getDefaultInstance());
  public static final Kind NODE = kind("Node", "", "nodes", List.of("no"), false, Node.getDefaultInstance());
  public static final Kind SERVICE = kind("Service", "", "services", List.of("svc"), true, Service.getDefaultInstance());
  public static final Kind ENDPOINTS = kind("Endpoints", "", "endpoints", List.of("ep"), true, Endpoints.getDefaultInstance());
  public static final Kind CONFIG_MAP = kind("ConfigMap", "", "configmaps", List.of("cm"), true, ConfigMap.getDefaultInstance());
  public static final Kind SECRET = kind("Secret", "", "secrets", List.of(), true, Secret.getDefaultInstance());
  public static final Kind EVENT = kind("Event", "", "events", List.of("ev"), true, Event.getDefaultInstance());
  public static final Kind REPLICA_SET = kind("ReplicaSet", "apps", "replicasets", List.of("rs"), true, ReplicaSet.getDefaultInstance());
  public static final Kind DEPLOYMENT = kind("Deployment", "apps", "deployments", List.of("deploy"), true, Deployment.getDefaultInstance());
  public static final Kind JOB = kind("Job", "batch", "jobs", List.of(), true, Job.getDefaultInstance());
  public static final Kind CRON_JOB = kind("CronJob", "batch", "cronjobs", List.of("cj"), true, CronJob.getDefaultInstance());
  public static final Kind LEASE = kind("Lease", "coordination.k8s.io", "leases", List.of(), true, Lease.getDefaultInstance());
  public static final Kind ENDPOINT_SLICE = kind("EndpointSlice", "discovery.k8s.io", "endpointslices", List.of(), true,
      EndpointSlice.getDefaultInstance());
  public static final Kind POD_DISRUPTION_BUDGET = kind("PodDisruptionBudget", "policy", "poddisruptionbudgets",
      List.of("pdb"), true, PodDisruptionBudget.getDefaultInstance());
  public static final Kind PERSISTENT_VOLUME_CLAIM = kind("PersistentVolumeClaim", "", "persistentvolumeclaims",
      List.of("pvc"), true, PersistentVolumeClaim.getDefaultInstance());
  public static final Kind PERSISTENT_VOLUME = kind("PersistentVolume", "", "persistentvolumes", List.of("pv"), false,
      PersistentVolume.getDefaultInstance());
  public static final Kind STORAGE_CLASS = kind("StorageClass", "storage.k8s.io", "storageclasses", List.of("sc"), false,
      StorageClass.getDefaultInstance());
  public static final Kind STATEFUL_SET = kind("StatefulSet", "apps", "statefulsets", List.of("sts"), true,
      StatefulSet.getDefaultInstance());
  public static final Kind DAEMON_SET = kind("DaemonSet", "apps", "daemonsets", List.of("ds"), true,
      DaemonSet.getDefaultInstance());
  public static final Kind PRIORITY_CLASS = kind("PriorityClass", "scheduling.k8s.io", "priorityclasses", List.of("pc"),
      false, PriorityClass.getDefaultInstance());
  public static final Kind CONTROLLER_REVISION = kind("ControllerRevision", "apps", "controllerrevisions", List.of(), true,
      ControllerRevision.getDefaultInstance());
  /** certificates.k8s.io/v1 (issue 12). */
  public static final Kind CERTIFICATE_SIGNING_REQUEST = kind("CertificateSigningRequest", "certificates.k8s.io",
      "certificatesigningrequests", List.of("csr"), false, CertificateSigningRequest.getDefaultInstance());
  /** Issue 12: identities for pods, with bound tokens. */
  public static final Kind SERVICE_ACCOUNT = kind("ServiceAccount", "", "serviceaccounts", List.of("sa"), true,
      ServiceAccount.getDefaultInstance());
  /** Issue 12: the LimitRanger and ResourceQuota admissions' objects. */
  public static final Kind LIMIT_RANGE = kind("LimitRange", "", "limitranges", List.of("limits"), true,
      LimitRange.getDefaultInstance());
  public static final Kind RESOURCE_QUOTA = kind("ResourceQuota", "", "resourcequotas", List.of("quota"), true,
      ResourceQuota.getDefaultInstance());
  /** autoscaling/v2, the one kind served at a version other than v1 (issue 11). */
  public static final Kind HORIZONTAL_POD_AUTOSCALER = new Kind("HorizontalPodAutoscaler", "autoscaling", "v2",
      "horizontalpodautoscalers", List.of("hpa"), true, HorizontalPodAutoscaler.getDefaultInstance());
  /** networking.k8s.io/v1: enforced by kube-proxy's network policy controller (CIS 5.3). */
  public static final Kind NETWORK_POLICY = kind("NetworkPolicy", "networking.k8s.io", "networkpolicies",
      List.of("netpol"), true, NetworkPolicy.getDefaultInstance());
  /** rbac.authorization.k8s.io/v1 (issue 12). */
  public static final String RBAC_GROUP = "rbac.authorization.k8s.io";
  public static final Kind ROLE = kind("Role", RBAC_GROUP, "roles", List.of(), true, Role.getDefaultInstance());
  public static final Kind CLUSTER_ROLE = kind("ClusterRole", RBAC_GROUP, "clusterroles", List.of(), false,
      ClusterRole.getDefaultInstance());
  public static final Kind ROLE_BINDING = kind("RoleBinding", RBAC_GROUP, "rolebindings", List.of(), true,
      RoleBinding.getDefaultInstance());
  public static final Kind CLUSTER_ROLE_BINDING = kind("ClusterRoleBinding", RBAC_GROUP, "clusterrolebindings", List.of(),
      false, ClusterRoleBinding.getDefaultInstance());

  private static final List<Kind> ALL = List.of(NAMESPACE, POD, NODE, SERVICE, ENDPOINTS, CONFIG_MAP, SECRET, EVENT,
      REPLICA_SET, DEPLOYMENT, JOB, CRON_JOB, LEASE, ENDPOINT_SLICE, POD_DISRUPTION_BUDGET, PERSISTENT_VOLUME_CLAIM,
      PERSISTENT_VOLUME, STORAGE_CLASS, STATEFUL_SET, DAEMON_SET, PRIORITY_CLASS, CONTROLLER_REVISION,
      HORIZONTAL_POD_AUTOSCALER, CERTIFICATE_SIGNING_REQUEST, ROLE, CLUSTER_ROLE, ROLE_BINDING, CLUSTER_ROLE_BINDING, SERVICE_ACCOUNT,
      LIMIT_RANGE, RESOURCE_QUOTA, NETWORK_POLICY);
  private static final Map<String, Kind> BY_TYPE_URL = new LinkedHashMap<>();
  private static final Map<String, Kind> BY_MESSAGE_NAME = new LinkedHashMap<>();

  static {
    for (Kind k : ALL) {
      BY_TYPE_URL.put(k.typeUrl(), k);
      BY_MESSAGE_NAME.put(k.defaultInstance().getDescriptorForType().getFullName(), k);
    }
  }

  private Kinds() {}

  private static Kind kind(String kind, String group, String resource, List<String> shortNames, boolean namespaced,
      Message instance) {
    return new Kind(kind, group, "v1", resource, shortNames, namespaced, instance);
  }

  public static Collection<Kind> all() {
    return ALL;
  }

  /** By the kind and apiVersion written in a manifest ("Deployment", "apps/v1"). */
  public static Optional<Kind> byKind(String apiVersion, String kind) {
    return ALL.stream().filter(k -> k.kind().equals(kind) && k.apiVersion().equals(apiVersion)).findFirst();
  }

  /** By the plural resource name used in requests ("pods"). */
  public static Optional<Kind> byResource(String resource) {
    return ALL.stream().filter(k -> k.resource().equals(resource)).findFirst();
  }

  /** What a user types after `kavactl get`: "pods", "pod", "po", "Pod", "deployments.apps", "deploy". */
  public static Optional<Kind> byUserName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Kind k : ALL) {
      String singular = k.kind().toLowerCase(Locale.ROOT);
      if (n.equals(k.resource()) || n.equals(singular) || k.shortNames().contains(n)
          || n.equals(k.qualifiedResource()) || (!k.group().isEmpty() && n.equals(singular + "." + k.group()))) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  public static Optional<Kind> byTypeUrl(String typeUrl) {
    return Optional.ofNullable(BY_TYPE_URL.get(typeUrl));
  }

  public static Kind of(Message message) {
    Kind k = BY_MESSAGE_NAME.get(message.getDescriptorForType().getFullName());
    if (k == null) {
      throw new IllegalArgumentException("Not an API kind: " + message.getDescriptorForType().getFullName());
    }
    return k;
  }

  public static Kind of(Class<? extends Message> type) {
    return ALL.stream().filter(k -> k.defaultInstance().getClass().equals(type)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Not an API kind: " + type.getName()));
  }
}
