package io.kava.apiserver.registry;

import io.kava.apiserver.admission.DefaultTolerationSeconds;
import io.kava.apiserver.admission.PriorityAdmission;
import io.kava.apiserver.admission.ServiceAccountAdmission;
import com.google.protobuf.Message;
import io.kava.api.apps.v1.ControllerRevision;
import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.autoscaling.v2.HorizontalPodAutoscaler;
import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobStatus;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.NamespaceStatus;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.policy.v1.PodDisruptionBudget;
import io.kava.api.scheduling.v1.PriorityClass;
import io.kava.api.storage.v1.StorageClass;
import io.kava.apiserver.defaulting.AppsDefaults;
import io.kava.apiserver.defaulting.AutoscalingDefaults;
import io.kava.apiserver.defaulting.Defaults;
import io.kava.apiserver.defaulting.StorageDefaults;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.validation.AppsValidation;
import io.kava.apiserver.validation.AutoscalingValidation;
import io.kava.apiserver.validation.BatchValidation;
import io.kava.apiserver.validation.CoreValidation;
import io.kava.apiserver.validation.DiscoveryValidation;
import io.kava.apiserver.validation.NameRules;
import io.kava.apiserver.validation.PodValidation;
import io.kava.apiserver.validation.PolicyValidation;
import io.kava.apiserver.validation.SchedulingValidation;
import io.kava.apiserver.validation.StorageValidation;
import io.kava.apiserver.validation.WorkloadValidation;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.pods.QosClass;
import io.kava.client.scheduling.PriorityClasses;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The strategy of every kind Kava serves. */
public final class Strategies {
  public static final String JOB_CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
  public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
  public static final String LEGACY_JOB_CONTROLLER_UID_LABEL = "controller-uid";
  public static final String LEGACY_JOB_NAME_LABEL = "job-name";

  private final Map<Kind, KindStrategy> byKind = new HashMap<>();

  public Strategies() {
    this(DefaultTolerationSeconds.defaults());
  }

  /** With the pod admission's default toleration times (--default-*-toleration-seconds), knowing only the system priority classes. */
  public Strategies(DefaultTolerationSeconds tolerations) {
    this(tolerations, PriorityAdmission.systemOnly());
  }

  /** With the pod admission's default toleration times and the Priority admission over the cluster's classes. */
  public Strategies(DefaultTolerationSeconds tolerations, PriorityAdmission priorities) {
    this(tolerations, priorities, ServiceAccountAdmission.off());
  }

  /** With the mutating pod admissions too (issue 12: LimitRanger, ServiceAccount), which new pods pass first. */
  public Strategies(DefaultTolerationSeconds tolerations, PriorityAdmission priorities,
      UnaryOperator<Pod> serviceAccounts) {
    add(typed(Kinds.NAMESPACE, Namespace.class, NameRules.DNS1123_LABEL, Defaults::namespace, Strategies::prepareNamespace,
        (n, o) -> n, CoreValidation::validateNamespace, (n, o) -> List.of()));
    add(new PodStrategy(tolerations, priorities, serviceAccounts));
    add(typed(Kinds.SERVICE_ACCOUNT, ServiceAccount.class, NameRules.DNS1123_SUBDOMAIN, UnaryOperator.identity(),
        UnaryOperator.identity(), (n, o) -> n, sa -> List.of(), (n, o) -> List.of()));
    add(typed(Kinds.NODE, Node.class, NameRules.DNS1123_SUBDOMAIN, io.kava.apiserver.validation.NodeCidrs::defaults,
        UnaryOperator.identity(), (n, o) -> n, CoreValidation::validateNode, CoreValidation::validateNodeUpdate));
    add(typed(Kinds.SERVICE, Service.class, NameRules.DNS1035_LABEL, Defaults::service,
        ServiceUpdates::prepareForCreate, ServiceUpdates::prepareForUpdate,
        CoreValidation::validateService, CoreValidation::validateServiceUpdate));
    add(typed(Kinds.ENDPOINTS, Endpoints.class, NameRules.DNS1123_SUBDOMAIN, Defaults::endpoints, UnaryOperator.identity(),
        (n, o) -> n, CoreValidation::validateEndpoints, (n, o) -> List.of()));
    add(typed(Kinds.CONFIG_MAP, ConfigMap.class, NameRules.DNS1123_SUBDOMAIN, UnaryOperator.identity(), UnaryOperator.identity(),
        (n, o) -> n, CoreValidation::validateConfigMap, CoreValidation::validateConfigMapUpdate));
    add(typed(Kinds.SECRET, Secret.class, NameRules.DNS1123_SUBDOMAIN, Defaults::secret, UnaryOperator.identity(),
        (n, o) -> n, CoreValidation::validateSecret, CoreValidation::validateSecretUpdate));
    add(typed(Kinds.EVENT, Event.class, NameRules.PATH_SEGMENT, UnaryOperator.identity(), UnaryOperator.identity(),
        (n, o) -> n, CoreValidation::validateEvent, (n, o) -> List.of()));
    add(typed(Kinds.REPLICA_SET, ReplicaSet.class, NameRules.DNS1123_SUBDOMAIN, Defaults::replicaSet,
        rs -> rs.toBuilder().clearStatus().build(), (n, o) -> n,
        WorkloadValidation::validateReplicaSet, WorkloadValidation::validateReplicaSetUpdate));
    add(typed(Kinds.DEPLOYMENT, Deployment.class, NameRules.DNS1123_SUBDOMAIN, Defaults::deployment,
        d -> d.toBuilder().clearStatus().build(), (n, o) -> n,
        WorkloadValidation::validateDeployment, WorkloadValidation::validateDeploymentUpdate));
    add(typed(Kinds.JOB, Job.class, NameRules.DNS1123_SUBDOMAIN, Defaults::job, Strategies::prepareJob, (n, o) -> n,
        WorkloadValidation::validateJob, WorkloadValidation::validateJobUpdate));
    add(typed(Kinds.CRON_JOB, CronJob.class, NameRules.DNS1123_SUBDOMAIN, Defaults::cronJob,
        cj -> cj.toBuilder().clearStatus().build(), (n, o) -> n,
        BatchValidation::validateCronJob, BatchValidation::validateCronJobUpdate));
    add(typed(Kinds.LEASE, Lease.class, NameRules.DNS1123_SUBDOMAIN, UnaryOperator.identity(), UnaryOperator.identity(),
        (n, o) -> n, CoreValidation::validateLease, (n, o) -> List.of()));
    add(typed(Kinds.ENDPOINT_SLICE, EndpointSlice.class, NameRules.DNS1123_SUBDOMAIN, UnaryOperator.identity(),
        UnaryOperator.identity(), (n, o) -> n, DiscoveryValidation::validateEndpointSlice,
        Strategies::addressTypeIsImmutable));
    add(typed(Kinds.POD_DISRUPTION_BUDGET, PodDisruptionBudget.class, NameRules.DNS1123_SUBDOMAIN,
        UnaryOperator.identity(), pdb -> pdb.toBuilder().clearStatus().build(), (n, o) -> n,
        PolicyValidation::validatePodDisruptionBudget, (n, o) -> List.of()));
    add(typed(Kinds.PERSISTENT_VOLUME_CLAIM, PersistentVolumeClaim.class, NameRules.DNS1123_SUBDOMAIN,
        StorageDefaults::claim, StorageCreates::claim, (n, o) -> n,
        StorageValidation::validateClaim, StorageValidation::validateClaimUpdate));
    add(typed(Kinds.PERSISTENT_VOLUME, PersistentVolume.class, NameRules.DNS1123_SUBDOMAIN,
        StorageDefaults::volume, StorageCreates::volume, (n, o) -> n,
        StorageValidation::validateVolume, StorageValidation::validateVolumeUpdate));
    add(typed(Kinds.STORAGE_CLASS, StorageClass.class, NameRules.DNS1123_SUBDOMAIN, StorageDefaults::storageClass,
        UnaryOperator.identity(), (n, o) -> n, StorageValidation::validateStorageClass,
        StorageValidation::validateStorageClassUpdate));
    add(typed(Kinds.STATEFUL_SET, StatefulSet.class, NameRules.DNS1123_SUBDOMAIN, AppsDefaults::statefulSet,
        set -> set.toBuilder().clearStatus().build(), (n, o) -> n,
        AppsValidation::validateStatefulSet, AppsValidation::validateStatefulSetUpdate));
    add(typed(Kinds.DAEMON_SET, DaemonSet.class, NameRules.DNS1123_SUBDOMAIN, AppsDefaults::daemonSet,
        ds -> ds.toBuilder().clearStatus().build(), (n, o) -> n,
        AppsValidation::validateDaemonSet, AppsValidation::validateDaemonSetUpdate));
    add(typed(Kinds.PRIORITY_CLASS, PriorityClass.class, NameRules.DNS1123_SUBDOMAIN, Strategies::defaultPriorityClass,
        pc -> {
          priorities.admitClass(pc);
          return pc;
        }, (pc, old) -> {
          priorities.admitClass(pc);
          return pc;
        }, SchedulingValidation::validatePriorityClass, SchedulingValidation::validatePriorityClassUpdate));
    RbacStrategies.all().forEach(this::add);
    add(typed(Kinds.CONTROLLER_REVISION, ControllerRevision.class, NameRules.DNS1123_SUBDOMAIN, UnaryOperator.identity(),
        UnaryOperator.identity(), (n, o) -> n,
        AppsValidation::validateControllerRevision, AppsValidation::validateControllerRevisionUpdate));
    add(typed(Kinds.HORIZONTAL_POD_AUTOSCALER, HorizontalPodAutoscaler.class, NameRules.DNS1123_SUBDOMAIN,
        AutoscalingDefaults::hpa, hpa -> hpa.toBuilder().clearStatus().build(), (n, o) -> n,
        AutoscalingValidation::validateHpa, AutoscalingValidation::validateHpaUpdate));
    add(typed(Kinds.NETWORK_POLICY, io.kava.api.networking.v1.NetworkPolicy.class, NameRules.DNS1123_SUBDOMAIN,
        io.kava.apiserver.defaulting.NetworkingDefaults::networkPolicy, UnaryOperator.identity(), (n, o) -> n,
        io.kava.apiserver.validation.NetworkingValidation::validateNetworkPolicy, (n, o) -> List.of()));
    add(new SigningRequestStrategy(java.time.Clock.systemUTC()));
    // Issue 12: the LimitRanger's and ResourceQuota's objects; a new quota's status is the controller's to fill.
    add(typed(Kinds.LIMIT_RANGE, io.kava.api.core.v1.LimitRange.class, NameRules.DNS1123_SUBDOMAIN,
        io.kava.apiserver.defaulting.LimitRangeDefaults::limitRange, UnaryOperator.identity(), (n, o) -> n,
        io.kava.apiserver.validation.QuotaValidation::validateLimitRange, (n, o) -> List.of()));
    add(typed(Kinds.RESOURCE_QUOTA, io.kava.api.core.v1.ResourceQuota.class, NameRules.DNS1123_SUBDOMAIN,
        UnaryOperator.identity(), q -> q.toBuilder().clearStatus().build(), (n, o) -> n,
        io.kava.apiserver.validation.QuotaValidation::validateResourceQuota, (n, o) -> List.of()));
  }

  /** Upstream SetDefaults_PriorityClass. */
  private static PriorityClass defaultPriorityClass(PriorityClass pc) {
    return pc.hasPreemptionPolicy() ? pc
        : pc.toBuilder().setPreemptionPolicy(PriorityClasses.PREEMPT_LOWER_PRIORITY).build();
  }

  /** Upstream: an EndpointSlice's addressType never changes. */
  private static List<FieldError> addressTypeIsImmutable(EndpointSlice slice, EndpointSlice old) {
    if (!slice.getAddressType().equals(old.getAddressType())) {
      return List.of(FieldError.invalid("addressType", slice.getAddressType(), "field is immutable"));
    }
    return List.of();
  }

  public KindStrategy of(Kind kind) {
    KindStrategy s = byKind.get(kind);
    if (s == null) {
      throw new IllegalStateException("No strategy for " + kind.kind());
    }
    return s;
  }

  private void add(KindStrategy s) {
    byKind.put(s.kind(), s);
  }

  /** On create a namespace is Active and carries the "kubernetes" finalizer the namespace controller removes. */
  private static Namespace prepareNamespace(Namespace ns) {
    Namespace.Builder b = ns.toBuilder().setStatus(NamespaceStatus.newBuilder().setPhase("Active"));
    if (!b.getSpec().getFinalizersList().contains("kubernetes")) {
      b.setSpec(b.getSpec().toBuilder().addFinalizers("kubernetes"));
    }
    return b.build();
  }

  /** Upstream generateSelector: unless manualSelector, pods are selected by the job's uid. */
  private static Job prepareJob(Job job) {
    Job.Builder b = job.toBuilder().setStatus(JobStatus.getDefaultInstance());
    if (job.getSpec().hasManualSelector() && job.getSpec().getManualSelector()) {
      return b.build();
    }
    String uid = job.getMetadata().getUid();
    String name = job.getMetadata().getName();
    var template = b.getSpec().getTemplate().toBuilder();
    var labels = template.getMetadata().toBuilder();
    for (String key : List.of(LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL)) {
      if (!labels.containsLabels(key)) {
        labels.putLabels(key, name);
      }
    }
    for (String key : List.of(LEGACY_JOB_CONTROLLER_UID_LABEL, JOB_CONTROLLER_UID_LABEL)) {
      if (!labels.containsLabels(key)) {
        labels.putLabels(key, uid);
      }
    }
    template.setMetadata(labels);
    LabelSelector.Builder selector = b.getSpec().getSelector().toBuilder();
    if (!selector.containsMatchLabels(JOB_CONTROLLER_UID_LABEL)) {
      selector.putMatchLabels(JOB_CONTROLLER_UID_LABEL, uid);
    }
    b.setSpec(b.getSpec().toBuilder().setTemplate(template).setSelector(selector));
    return b.build();
  }

  @SuppressWarnings("unchecked")
  static <T extends Message> KindStrategy typed(Kind kind, Class<T> type, NameRules.NameRule nameRule,
      UnaryOperator<T> defaults, UnaryOperator<T> prepareForCreate, BiFunction<T, T, T> prepareForUpdate,
      Function<T, List<FieldError>> validate, BiFunction<T, T, List<FieldError>> validateUpdate) {
    return new KindStrategy() {
      @Override
      public Kind kind() {
        return kind;
      }

      @Override
      public NameRules.NameRule nameRule() {
        return nameRule;
      }

      @Override
      public Message applyDefaults(Message object) {
        return defaults.apply((T) object);
      }

      @Override
      public Message prepareForCreate(Message object) {
        return prepareForCreate.apply((T) object);
      }

      @Override
      public Message prepareForUpdate(Message object, Message old) {
        return prepareForUpdate.apply((T) object, (T) old);
      }

      @Override
      public List<FieldError> validate(Message object) {
        return validate.apply((T) object);
      }

      @Override
      public List<FieldError> validateUpdate(Message object, Message old) {
        return validateUpdate.apply((T) object, (T) old);
      }
    };
  }

  /** Pods: Pending on create, mostly immutable spec, graceful deletion once bound. */
  static final class PodStrategy implements KindStrategy {
    private final DefaultTolerationSeconds tolerations;
    private final PriorityAdmission priorities;
    private final UnaryOperator<Pod> serviceAccounts;

    PodStrategy(DefaultTolerationSeconds tolerations, PriorityAdmission priorities, UnaryOperator<Pod> serviceAccounts) {
      this.tolerations = tolerations;
      this.priorities = priorities;
      this.serviceAccounts = serviceAccounts;
    }

    @Override
    public Kind kind() {
      return Kinds.POD;
    }

    @Override
    public Message applyDefaults(Message object) {
      return Defaults.pod((Pod) object);
    }

    @Override
    public Message prepareForCreate(Message object) {
      Pod pod = priorities.admitCreate(tolerations.admit(serviceAccounts.apply((Pod) object)));
      return pod.toBuilder().setStatus(PodStatus.newBuilder().setPhase("Pending").setQosClass(QosClass.of(pod.getSpec()))).build();
    }

    @Override
    public Message prepareForUpdate(Message object, Message old) {
      return PriorityAdmission.keepOnUpdate((Pod) object, (Pod) old);
    }

    @Override
    public List<FieldError> validate(Message object) {
      return PodValidation.validatePod((Pod) object);
    }

    @Override
    public List<FieldError> validateUpdate(Message object, Message old) {
      List<FieldError> all = PodValidation.validatePodUpdate((Pod) object, (Pod) old);
      // validatePodUpdate repeats the object rules already reported by validate.
      return all.subList(PodValidation.validatePod((Pod) object).size(), all.size());
    }

    @Override
    public long gracePeriodSeconds(Message object, Long requested) {
      Pod pod = (Pod) object;
      String phase = pod.getStatus().getPhase();
      if (pod.getSpec().getNodeName().isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
        return 0;
      }
      long grace = requested != null ? requested
          : pod.getSpec().hasTerminationGracePeriodSeconds() ? pod.getSpec().getTerminationGracePeriodSeconds()
          : Defaults.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
      return grace < 0 ? 1 : grace;
    }
  }
}
