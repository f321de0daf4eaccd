package io.kava.apiserver.validation;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Probe;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.Toleration;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.api.meta.v1.IntOrString;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.quantity.Quantity;
import io.kava.client.selector.LabelValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pod and pod template rules (upstream ValidatePodSpec and ValidatePodUpdate), the bulk of core validation. */
public final class PodValidation {
  static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
  static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
  static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
  static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
  static final List<String> TERMINATION_MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
  static final List<String> TOLERATION_OPERATORS = List.of("Exists", "Equal");
  static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Set<String> STANDARD_RESOURCES = Set.of("cpu", "memory", "ephemeral-storage", "storage");

  private PodValidation() {}

  public static List<FieldError> validatePod(Pod pod) {
    return validatePodSpec(pod.getSpec(), "spec");
  }

  public static List<FieldError> validatePodSpec(PodSpec spec, String path) {
    List<FieldError> errs = new ArrayList<>();
    Set<String> volumeNames = validateVolumes(spec.getVolumesList(), path + ".volumes", errs);
    Set<String> containerNames = new HashSet<>();
    if (spec.getContainersCount() == 0) {
      errs.add(FieldError.required(path + ".containers", ""));
    }
    Long grace = spec.hasTerminationGracePeriodSeconds() ? spec.getTerminationGracePeriodSeconds() : null;
    for (int i = 0; i < spec.getContainersCount(); i++) {
      validateContainer(spec.getContainers(i), path + ".containers[" + i + "]", volumeNames, containerNames, false, errs);
      containerExtras(spec.getContainers(i), path + ".containers[" + i + "]", grace, errs);
    }
    for (int i = 0; i < spec.getInitContainersCount(); i++) {
      validateContainer(spec.getInitContainers(i), path + ".initContainers[" + i + "]", volumeNames, containerNames, true, errs);
      containerExtras(spec.getInitContainers(i), path + ".initContainers[" + i + "]", grace, errs);
    }
    if (spec.hasSecurityContext()) {
      SecurityContextValidation.pod(spec, path + ".securityContext", errs);
    }
    oneOf(errs, path + ".restartPolicy", spec.getRestartPolicy(), RESTART_POLICIES);
    oneOf(errs, path + ".dnsPolicy", spec.getDnsPolicy(), DNS_POLICIES);
    if (spec.hasTerminationGracePeriodSeconds()) {
      MetaValidation.nonNegative(errs, path + ".terminationGracePeriodSeconds", spec.getTerminationGracePeriodSeconds());
    }
    if (spec.hasActiveDeadlineSeconds() && (spec.getActiveDeadlineSeconds() < 1 || spec.getActiveDeadlineSeconds() > Integer.MAX_VALUE)) {
      errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", spec.getActiveDeadlineSeconds(),
          "must be between 1 and 2147483647, inclusive"));
    }
    errs.addAll(MetaValidation.validateLabels(spec.getNodeSelectorMap(), path + ".nodeSelector"));
    if (!spec.getNodeName().isEmpty()) {
      for (String msg : NameRules.subdomain(spec.getNodeName())) {
        errs.add(FieldError.invalid(path + ".nodeName", spec.getNodeName(), msg));
      }
    }
    if (!spec.getHostname().isEmpty()) {
      for (String msg : NameRules.label(spec.getHostname())) {
        errs.add(FieldError.invalid(path + ".hostname", spec.getHostname(), msg));
      }
    }
    if (!spec.getSubdomain().isEmpty()) {
      for (String msg : NameRules.label(spec.getSubdomain())) {
        errs.add(FieldError.invalid(path + ".subdomain", spec.getSubdomain(), msg));
      }
    }
    if (!spec.getServiceAccountName().isEmpty()) {
      for (String msg : NameRules.subdomain(spec.getServiceAccountName())) {
        errs.add(FieldError.invalid(path + ".serviceAccountName", spec.getServiceAccountName(), msg));
      }
    }
    if (!spec.getSchedulerName().isEmpty()) {
      for (String msg : NameRules.subdomain(spec.getSchedulerName())) {
        errs.add(FieldError.invalid(path + ".schedulerName", spec.getSchedulerName(), msg));
      }
    }
    for (int i = 0; i < spec.getTolerationsCount(); i++) {
      validateToleration(spec.getTolerations(i), path + ".tolerations[" + i + "]", errs);
    }
    if (spec.hasAffinity()) {
      PlacementValidation.affinity(spec.getAffinity(), path + ".affinity", errs);
    }
    PlacementValidation.topologySpreadConstraints(spec.getTopologySpreadConstraintsList(),
        path + ".topologySpreadConstraints", errs);
    return errs;
  }

  private static Set<String> validateVolumes(List<Volume> volumes, String path, List<FieldError> errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      String p = path + "[" + i + "]";
      if (v.getName().isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      } else {
        for (String msg : NameRules.label(v.getName())) {
          errs.add(FieldError.invalid(p + ".name", v.getName(), msg));
        }
        if (!names.add(v.getName())) {
          errs.add(FieldError.duplicate(p + ".name", v.getName()));
        }
      }
      int sources = (v.hasEmptyDir() ? 1 : 0) + (v.hasHostPath() ? 1 : 0) + (v.hasConfigMap() ? 1 : 0)
          + (v.hasSecret() ? 1 : 0) + (v.hasPersistentVolumeClaim() ? 1 : 0) + (v.hasProjected() ? 1 : 0)
          + (v.hasDownwardApi() ? 1 : 0);
      if (sources == 0) {
        errs.add(FieldError.required(p, "must specify a volume type"));
      } else if (sources > 1) {
        errs.add(FieldError.forbidden(p, "may not specify more than 1 volume type"));
      }
      if (v.hasHostPath() && v.getHostPath().getPath().isEmpty()) {
        errs.add(FieldError.required(p + ".hostPath.path", ""));
      }
      if (v.hasConfigMap() && v.getConfigMap().getName().isEmpty()) {
        errs.add(FieldError.required(p + ".configMap.name", ""));
      }
      if (v.hasSecret() && v.getSecret().getSecretName().isEmpty()) {
        errs.add(FieldError.required(p + ".secret.secretName", ""));
      }
      if (v.hasPersistentVolumeClaim() && v.getPersistentVolumeClaim().getClaimName().isEmpty()) {
        errs.add(FieldError.required(p + ".persistentVolumeClaim.claimName", ""));
      }
      VolumeValidation.apiData(v, p, errs);
      if (v.hasEmptyDir() && !v.getEmptyDir().getSizeLimit().isEmpty()) {
        quantity(errs, p + ".emptyDir.sizeLimit", v.getEmptyDir().getSizeLimit());
      }
    }
    return names;
  }

  private static void validateContainer(Container c, String path, Set<String> volumes, Set<String> names,
      boolean init, List<FieldError> errs) {
    if (c.getName().isEmpty()) {
      errs.add(FieldError.required(path + ".name", ""));
    } else {
      for (String msg : NameRules.label(c.getName())) {
        errs.add(FieldError.invalid(path + ".name", c.getName(), msg));
      }
      if (!names.add(c.getName())) {
        errs.add(FieldError.duplicate(path + ".name", c.getName()));
      }
    }
    if (c.getImage().isBlank()) {
      errs.add(FieldError.required(path + ".image", ""));
    }
    oneOf(errs, path + ".imagePullPolicy", c.getImagePullPolicy(), PULL_POLICIES);
    oneOf(errs, path + ".terminationMessagePolicy", c.getTerminationMessagePolicy(), TERMINATION_MESSAGE_POLICIES);
    if (init && !c.getRestartPolicy().isEmpty()) {
      oneOf(errs, path + ".restartPolicy", c.getRestartPolicy(), List.of("Always"));
    } else if (!init && !c.getRestartPolicy().isEmpty()) {
      errs.add(FieldError.forbidden(path + ".restartPolicy", "may not be set for non-init containers"));
    }
    validatePorts(c.getPortsList(), path + ".ports", errs);
    validateEnv(c.getEnvList(), path + ".env", errs);
    validateResources(c.getResources(), path + ".resources", errs);
    for (int i = 0; i < c.getVolumeMountsCount(); i++) {
      VolumeMount m = c.getVolumeMounts(i);
      String p = path + ".volumeMounts[" + i + "]";
      if (m.getName().isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      } else if (!volumes.contains(m.getName())) {
        errs.add(FieldError.notFound(p + ".name", m.getName()));
      }
      if (m.getMountPath().isEmpty()) {
        errs.add(FieldError.required(p + ".mountPath", ""));
      }
    }
    if (c.hasLivenessProbe()) {
      validateProbe(c.getLivenessProbe(), path + ".livenessProbe", true, errs);
    }
    if (c.hasReadinessProbe()) {
      validateProbe(c.getReadinessProbe(), path + ".readinessProbe", false, errs);
    }
    if (c.hasStartupProbe()) {
      validateProbe(c.getStartupProbe(), path + ".startupProbe", true, errs);
    }
    if (init && c.getRestartPolicy().isEmpty()) {
      if (c.hasLivenessProbe()) {
        errs.add(FieldError.forbidden(path + ".livenessProbe", "may not be set for init containers without restartPolicy=Always"));
      }
      if (c.hasReadinessProbe()) {
        errs.add(FieldError.forbidden(path + ".readinessProbe", "may not be set for init containers"));
      }
    }
  }

  /** The container's lifecycle hooks and securityContext. */
  private static void containerExtras(Container c, String path, Long gracePeriod, List<FieldError> errs) {
    if (c.hasLifecycle()) {
      LifecycleValidation.lifecycle(c.getLifecycle(), gracePeriod, path + ".lifecycle", errs);
    }
    if (c.hasSecurityContext()) {
      SecurityContextValidation.container(c.getSecurityContext(), path + ".securityContext", errs);
    }
  }

  private static void validatePorts(List<ContainerPort> ports, String path, List<FieldError> errs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ContainerPort port = ports.get(i);
      String p = path + "[" + i + "]";
      if (!port.getName().isEmpty()) {
        for (String msg : NameRules.ianaServiceName(port.getName())) {
          errs.add(FieldError.invalid(p + ".name", port.getName(), msg));
        }
        if (!names.add(port.getName())) {
          errs.add(FieldError.duplicate(p + ".name", port.getName()));
        }
      }
      if (port.getContainerPort() == 0) {
        errs.add(FieldError.required(p + ".containerPort", ""));
      } else {
        for (String msg : NameRules.portNumber(port.getContainerPort())) {
          errs.add(FieldError.invalid(p + ".containerPort", port.getContainerPort(), msg));
        }
      }
      if (port.getHostPort() != 0) {
        for (String msg : NameRules.portNumber(port.getHostPort())) {
          errs.add(FieldError.invalid(p + ".hostPort", port.getHostPort(), msg));
        }
      }
      if (port.getProtocol().isEmpty()) {
        errs.add(FieldError.required(p + ".protocol", ""));
      } else {
        oneOf(errs, p + ".protocol", port.getProtocol(), PROTOCOLS);
      }
    }
  }

  private static void validateEnv(List<EnvVar> env, String path, List<FieldError> errs) {
    for (int i = 0; i < env.size(); i++) {
      EnvVar e = env.get(i);
      String p = path + "[" + i + "]";
      if (e.getName().isEmpty()) {
        errs.add(FieldError.required(p + ".name", ""));
      } else {
        for (String msg : NameRules.envVarName(e.getName())) {
          errs.add(FieldError.invalid(p + ".name", e.getName(), msg));
        }
      }
      if (e.hasValueFrom()) {
        var from = e.getValueFrom();
        int sources = (from.hasFieldRef() ? 1 : 0) + (from.hasResourceFieldRef() ? 1 : 0)
            + (from.hasConfigMapKeyRef() ? 1 : 0) + (from.hasSecretKeyRef() ? 1 : 0);
        if (!e.getValue().isEmpty() && sources > 0) {
          errs.add(FieldError.invalid(p + ".valueFrom", "", "may not be specified when `value` is not empty"));
        }
        if (sources == 0) {
          errs.add(FieldError.invalid(p + ".valueFrom", "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
        } else if (sources > 1) {
          errs.add(FieldError.invalid(p + ".valueFrom", "", "may not have more than one field specified at a time"));
        }
        if (from.hasFieldRef() && from.getFieldRef().getFieldPath().isEmpty()) {
          errs.add(FieldError.required(p + ".valueFrom.fieldRef.fieldPath", ""));
        }
        if (from.hasConfigMapKeyRef() && from.getConfigMapKeyRef().getKey().isEmpty()) {
          errs.add(FieldError.required(p + ".valueFrom.configMapKeyRef.key", ""));
        }
        if (from.hasSecretKeyRef() && from.getSecretKeyRef().getKey().isEmpty()) {
          errs.add(FieldError.required(p + ".valueFrom.secretKeyRef.key", ""));
        }
      }
    }
  }

  static void validateResources(ResourceRequirements r, String path, List<FieldError> errs) {
    Map<String, Quantity> limits = quantities(r.getLimitsMap(), path + ".limits", errs);
    Map<String, Quantity> requests = quantities(r.getRequestsMap(), path + ".requests", errs);
    for (Map.Entry<String, Quantity> e : requests.entrySet()) {
      Quantity limit = limits.get(e.getKey());
      if (limit != null && e.getValue().compareTo(limit) > 0) {
        errs.add(FieldError.invalid(path + ".requests", r.getRequestsMap().get(e.getKey()),
            "must be less than or equal to " + e.getKey() + " limit of " + r.getLimitsMap().get(e.getKey())));
      }
    }
  }

  static Map<String, Quantity> quantities(Map<String, String> values, String path, List<FieldError> errs) {
    Map<String, Quantity> parsed = new java.util.TreeMap<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(values).entrySet()) {
      String p = path + "[" + e.getKey() + "]";
      String name = e.getKey();
      if (!STANDARD_RESOURCES.contains(name) && !name.startsWith("hugepages-")) {
        List<String> msgs = LabelValidation.isQualifiedName(name);
        for (String msg : msgs) {
          errs.add(FieldError.invalid(p, name, msg));
        }
        if (msgs.isEmpty() && !name.contains("/")) {
          errs.add(FieldError.invalid(p, name, "must be a standard resource type or fully qualified"));
        }
      }
      Quantity q = quantity(errs, p, e.getValue());
      if (q != null) {
        parsed.put(name, q);
      }
    }
    return parsed;
  }

  static Quantity quantity(List<FieldError> errs, String path, String text) {
    try {
      Quantity q = Quantity.parse(text);
      if (q.signum() < 0) {
        errs.add(FieldError.invalid(path, text, "must be greater than or equal to 0"));
        return null;
      }
      return q;
    } catch (IllegalArgumentException e) {
      errs.add(FieldError.invalid(path, text, e.getMessage()));
      return null;
    }
  }

  private static void validateProbe(Probe probe, String path, boolean successMustBeOne, List<FieldError> errs) {
    int handlers = (probe.hasExec() ? 1 : 0) + (probe.hasHttpGet() ? 1 : 0) + (probe.hasTcpSocket() ? 1 : 0) + (probe.hasGrpc() ? 1 : 0);
    if (handlers == 0) {
      errs.add(FieldError.required(path, "must specify a handler type"));
    } else if (handlers > 1) {
      errs.add(FieldError.forbidden(path, "may not specify more than 1 handler type"));
    }
    if (probe.hasExec() && probe.getExec().getCommandCount() == 0) {
      errs.add(FieldError.required(path + ".exec.command", ""));
    }
    if (probe.hasHttpGet()) {
      HTTPGetAction h = probe.getHttpGet();
      port(errs, path + ".httpGet.port", h.getPort());
      if (!h.getScheme().isEmpty()) {
        oneOf(errs, path + ".httpGet.scheme", h.getScheme(), List.of("HTTP", "HTTPS"));
      }
    }
    if (probe.hasTcpSocket()) {
      port(errs, path + ".tcpSocket.port", probe.getTcpSocket().getPort());
    }
    if (probe.hasGrpc()) {
      for (String msg : NameRules.portNumber(probe.getGrpc().getPort())) {
        errs.add(FieldError.invalid(path + ".grpc.port", probe.getGrpc().getPort(), msg));
      }
    }
    MetaValidation.nonNegative(errs, path + ".initialDelaySeconds", probe.getInitialDelaySeconds());
    if (probe.hasTimeoutSeconds()) {
      MetaValidation.nonNegative(errs, path + ".timeoutSeconds", probe.getTimeoutSeconds());
    }
    if (probe.hasPeriodSeconds()) {
      MetaValidation.nonNegative(errs, path + ".periodSeconds", probe.getPeriodSeconds());
    }
    if (probe.hasSuccessThreshold()) {
      MetaValidation.nonNegative(errs, path + ".successThreshold", probe.getSuccessThreshold());
      if (successMustBeOne && probe.getSuccessThreshold() != 1) {
        errs.add(FieldError.invalid(path + ".successThreshold", probe.getSuccessThreshold(), "must be 1"));
      }
    }
    if (probe.hasFailureThreshold()) {
      MetaValidation.nonNegative(errs, path + ".failureThreshold", probe.getFailureThreshold());
    }
  }

  /** A port given as a number (1-65535) or as a container port's name. */
  static void port(List<FieldError> errs, String path, IntOrString port) {
    if (port.hasStrVal()) {
      for (String msg : NameRules.ianaServiceName(port.getStrVal())) {
        errs.add(FieldError.invalid(path, port.getStrVal(), msg));
      }
    } else {
      for (String msg : NameRules.portNumber(port.getIntVal())) {
        errs.add(FieldError.invalid(path, port.getIntVal(), msg));
      }
    }
  }

  private static void validateToleration(Toleration t, String path, List<FieldError> errs) {
    if (!t.getKey().isEmpty()) {
      for (String msg : LabelValidation.isQualifiedName(t.getKey())) {
        errs.add(FieldError.invalid(path + ".key", t.getKey(), msg));
      }
    }
    if (t.getKey().isEmpty() && !t.getOperator().equals("Exists")) {
      errs.add(FieldError.invalid(path + ".operator", t.getOperator(), "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
    }
    if (t.getOperator().equals("Exists") && !t.getValue().isEmpty()) {
      errs.add(FieldError.invalid(path + ".operator", t.getValue(), "value must be empty when `operator` is 'Exists'"));
    }
    if (!t.getOperator().isEmpty()) {
      oneOf(errs, path + ".operator", t.getOperator(), TOLERATION_OPERATORS);
    }
    if (!t.getEffect().isEmpty()) {
      oneOf(errs, path + ".effect", t.getEffect(), TAINT_EFFECTS);
    }
    if (t.hasTolerationSeconds() && !t.getEffect().equals("NoExecute")) {
      errs.add(FieldError.invalid(path + ".effect", t.getEffect(), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
  }

  /** Upstream ValidatePodUpdate: only images, activeDeadlineSeconds and added tolerations may change. */
  public static List<FieldError> validatePodUpdate(Pod pod, Pod old) {
    List<FieldError> errs = new ArrayList<>(validatePod(pod));
    PodSpec.Builder mutable = pod.getSpec().toBuilder();
    if (pod.getSpec().getContainersCount() == old.getSpec().getContainersCount()) {
      for (int i = 0; i < old.getSpec().getContainersCount(); i++) {
        mutable.setContainers(i, mutable.getContainers(i).toBuilder().setImage(old.getSpec().getContainers(i).getImage()));
      }
    }
    if (pod.getSpec().getInitContainersCount() == old.getSpec().getInitContainersCount()) {
      for (int i = 0; i < old.getSpec().getInitContainersCount(); i++) {
        mutable.setInitContainers(i, mutable.getInitContainers(i).toBuilder().setImage(old.getSpec().getInitContainers(i).getImage()));
      }
    }
    if (old.getSpec().hasActiveDeadlineSeconds()) {
      if (pod.getSpec().hasActiveDeadlineSeconds()) {
        if (pod.getSpec().getActiveDeadlineSeconds() > old.getSpec().getActiveDeadlineSeconds()) {
          errs.add(FieldError.invalid("spec.activeDeadlineSeconds", pod.getSpec().getActiveDeadlineSeconds(),
              "must be less than or equal to previous value"));
        }
      } else {
        errs.add(FieldError.invalid("spec.activeDeadlineSeconds", "nil", "must not update from a positive integer to nil value"));
      }
    }
    if (old.getSpec().hasActiveDeadlineSeconds()) {
      mutable.setActiveDeadlineSeconds(old.getSpec().getActiveDeadlineSeconds());
    } else {
      mutable.clearActiveDeadlineSeconds();
    }
    boolean tolerationsOnlyAdded = pod.getSpec().getTolerationsList().containsAll(old.getSpec().getTolerationsList());
    if (tolerationsOnlyAdded) {
      mutable.clearTolerations().addAllTolerations(old.getSpec().getTolerationsList());
    }
    if (!mutable.build().equals(old.getSpec())) {
      errs.add(FieldError.forbidden("spec", "pod updates may not change fields other than `spec.containers[*].image`,"
          + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
          + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
    }
    return errs;
  }

  static void oneOf(List<FieldError> errs, String path, String value, List<String> supported) {
    if (!value.isEmpty() && !supported.contains(value)) {
      errs.add(FieldError.notSupported(path, value, supported));
    }
  }
}
