package io.kava.apiserver.defaulting;

import com.google.protobuf.ByteString;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.DeploymentStrategy;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.RollingUpdateDeployment;
import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.CronJobSpec;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.core.v1.ClientIPConfig;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.Probe;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.SessionAffinityConfig;
import io.kava.api.core.v1.Volume;
import io.kava.api.meta.v1.IntOrString;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Upstream's defaulting (SetDefaults_*): every field a user may leave out gets the value upstream gives it. */
public final class Defaults {
  public static final long DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
  private static final int DEFAULT_FILE_MODE = 0644;

  /** Upstream's v1.LabelMetadataName, set on every namespace so namespaceSelectors can pick one by name. */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private Defaults() {}

  /** Upstream SetDefaults_Namespace: the kubernetes.io/metadata.name label always holds the name. */
  public static io.kava.api.core.v1.Namespace namespace(io.kava.api.core.v1.Namespace ns) {
    String name = ns.getMetadata().getName();
    if (name.isEmpty() || name.equals(ns.getMetadata().getLabelsMap().get(NAMESPACE_NAME_LABEL))) {
      return ns;
    }
    return ns.toBuilder().setMetadata(ns.getMetadata().toBuilder().putLabels(NAMESPACE_NAME_LABEL, name)).build();
  }

  public static Pod pod(Pod pod) {
    return pod.toBuilder().setSpec(podSpec(pod.getSpec(), true)).build();
  }

  public static PodTemplateSpec template(PodTemplateSpec template, boolean defaultRestartPolicy) {
    return template.toBuilder().setSpec(podSpec(template.getSpec(), defaultRestartPolicy)).build();
  }

  public static PodSpec podSpec(PodSpec spec, boolean defaultRestartPolicy) {
    PodSpec.Builder b = spec.toBuilder();
    if (b.getRestartPolicy().isEmpty() && defaultRestartPolicy) {
      b.setRestartPolicy("Always");
    }
    if (b.getDnsPolicy().isEmpty()) {
      b.setDnsPolicy("ClusterFirst");
    }
    if (b.getSchedulerName().isEmpty()) {
      b.setSchedulerName("default-scheduler");
    }
    if (!b.hasTerminationGracePeriodSeconds()) {
      b.setTerminationGracePeriodSeconds(DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
    }
    if (!b.hasEnableServiceLinks()) {
      b.setEnableServiceLinks(true);
    }
    for (int i = 0; i < b.getContainersCount(); i++) {
      b.setContainers(i, container(b.getContainers(i)));
    }
    for (int i = 0; i < b.getInitContainersCount(); i++) {
      b.setInitContainers(i, container(b.getInitContainers(i)));
    }
    for (int i = 0; i < b.getVolumesCount(); i++) {
      b.setVolumes(i, volume(b.getVolumes(i)));
    }
    return b.build();
  }

  static Container container(Container c) {
    Container.Builder b = c.toBuilder();
    if (b.getImagePullPolicy().isEmpty()) {
      b.setImagePullPolicy(pullPolicy(c.getImage()));
    }
    if (b.getTerminationMessagePath().isEmpty()) {
      b.setTerminationMessagePath("/dev/termination-log");
    }
    if (b.getTerminationMessagePolicy().isEmpty()) {
      b.setTerminationMessagePolicy("File");
    }
    for (int i = 0; i < b.getPortsCount(); i++) {
      ContainerPort p = b.getPorts(i);
      if (p.getProtocol().isEmpty()) {
        b.setPorts(i, p.toBuilder().setProtocol("TCP"));
      }
    }
    if (b.hasLivenessProbe()) {
      b.setLivenessProbe(probe(b.getLivenessProbe()));
    }
    if (b.hasReadinessProbe()) {
      b.setReadinessProbe(probe(b.getReadinessProbe()));
    }
    if (b.hasStartupProbe()) {
      b.setStartupProbe(probe(b.getStartupProbe()));
    }
    if (b.hasResources()) {
      b.setResources(requestsFromLimits(b.getResources()));
    }
    if (b.getLifecycle().getPostStart().hasHttpGet()) {
      b.getLifecycleBuilder().getPostStartBuilder().setHttpGet(httpGet(b.getLifecycle().getPostStart().getHttpGet()));
    }
    if (b.getLifecycle().getPreStop().hasHttpGet()) {
      b.getLifecycleBuilder().getPreStopBuilder().setHttpGet(httpGet(b.getLifecycle().getPreStop().getHttpGet()));
    }
    return b.build();
  }

  /** A container that names limits but not requests gets requests equal to the limits. */
  private static ResourceRequirements requestsFromLimits(ResourceRequirements r) {
    ResourceRequirements.Builder b = r.toBuilder();
    for (Map.Entry<String, String> e : r.getLimitsMap().entrySet()) {
      if (!r.containsRequests(e.getKey())) {
        b.putRequests(e.getKey(), e.getValue());
      }
    }
    return b.build();
  }

  /** Always for ":latest" or no tag, else IfNotPresent (a digest pins the image). */
  public static String pullPolicy(String image) {
    if (image.contains("@")) {
      return "IfNotPresent";
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash) {
      return "Always";
    }
    return image.substring(colon + 1).equals("latest") ? "Always" : "IfNotPresent";
  }

  static Probe probe(Probe p) {
    Probe.Builder b = p.toBuilder();
    if (!b.hasTimeoutSeconds()) {
      b.setTimeoutSeconds(1);
    }
    if (!b.hasPeriodSeconds()) {
      b.setPeriodSeconds(10);
    }
    if (!b.hasSuccessThreshold()) {
      b.setSuccessThreshold(1);
    }
    if (!b.hasFailureThreshold()) {
      b.setFailureThreshold(3);
    }
    if (b.hasHttpGet()) {
      b.setHttpGet(httpGet(b.getHttpGet()));
    }
    return b.build();
  }

  /** Upstream's SetDefaults_HTTPGetAction, for probes and lifecycle hooks alike. */
  static io.kava.api.core.v1.HTTPGetAction httpGet(io.kava.api.core.v1.HTTPGetAction action) {
    var h = action.toBuilder();
    if (h.getPath().isEmpty()) {
      h.setPath("/");
    }
    if (h.getScheme().isEmpty()) {
      h.setScheme("HTTP");
    }
    return h.build();
  }

  static Volume volume(Volume v) {
    Volume.Builder b = v.toBuilder();
    if (b.hasConfigMap() && !b.getConfigMap().hasDefaultMode()) {
      b.setConfigMap(b.getConfigMap().toBuilder().setDefaultMode(DEFAULT_FILE_MODE));
    }
    if (b.hasSecret() && !b.getSecret().hasDefaultMode()) {
      b.setSecret(b.getSecret().toBuilder().setDefaultMode(DEFAULT_FILE_MODE));
    }
    if (b.hasProjected() && !b.getProjected().hasDefaultMode()) {
      b.setProjected(b.getProjected().toBuilder().setDefaultMode(DEFAULT_FILE_MODE));
    }
    if (b.hasDownwardApi()) {
      var d = b.getDownwardApi().toBuilder();
      if (!d.hasDefaultMode()) {
        d.setDefaultMode(DEFAULT_FILE_MODE);
      }
      // Upstream's SetDefaults_ObjectFieldSelector: a fieldRef without apiVersion means v1.
      for (int i = 0; i < d.getItemsCount(); i++) {
        if (d.getItems(i).hasFieldRef() && d.getItems(i).getFieldRef().getApiVersion().isEmpty()) {
          d.setItems(i, d.getItems(i).toBuilder().setFieldRef(d.getItems(i).getFieldRef().toBuilder().setApiVersion("v1")));
        }
      }
      b.setDownwardApi(d);
    }
    return b.build();
  }

  public static Deployment deployment(Deployment d) {
    DeploymentSpec.Builder s = d.getSpec().toBuilder();
    if (!s.hasReplicas()) {
      s.setReplicas(1);
    }
    DeploymentStrategy.Builder strategy = s.getStrategy().toBuilder();
    if (strategy.getType().isEmpty()) {
      strategy.setType("RollingUpdate");
    }
    if (strategy.getType().equals("RollingUpdate")) {
      RollingUpdateDeployment.Builder ru = strategy.getRollingUpdate().toBuilder();
      if (ru.getMaxUnavailable().getValueCase() == IntOrString.ValueCase.VALUE_NOT_SET) {
        ru.setMaxUnavailable(IntOrString.newBuilder().setStrVal("25%"));
      }
      if (ru.getMaxSurge().getValueCase() == IntOrString.ValueCase.VALUE_NOT_SET) {
        ru.setMaxSurge(IntOrString.newBuilder().setStrVal("25%"));
      }
      strategy.setRollingUpdate(ru);
    }
    s.setStrategy(strategy);
    if (!s.hasRevisionHistoryLimit()) {
      s.setRevisionHistoryLimit(10);
    }
    if (!s.hasProgressDeadlineSeconds()) {
      s.setProgressDeadlineSeconds(600);
    }
    if (s.hasTemplate()) {
      s.setTemplate(template(s.getTemplate(), true));
    }
    return d.toBuilder().setSpec(s).build();
  }

  public static ReplicaSet replicaSet(ReplicaSet rs) {
    var s = rs.getSpec().toBuilder();
    if (!s.hasReplicas()) {
      s.setReplicas(1);
    }
    if (s.hasTemplate()) {
      s.setTemplate(template(s.getTemplate(), true));
    }
    return rs.toBuilder().setSpec(s).build();
  }

  public static Job job(Job job) {
    JobSpec.Builder s = job.getSpec().toBuilder();
    if (!s.hasCompletions() && !s.hasParallelism()) {
      s.setCompletions(1);
      s.setParallelism(1);
    }
    if (!s.hasParallelism()) {
      s.setParallelism(1);
    }
    if (!s.hasBackoffLimit()) {
      s.setBackoffLimit(6);
    }
    if (s.getCompletionMode().isEmpty()) {
      s.setCompletionMode("NonIndexed");
    }
    if (!s.hasSuspend()) {
      s.setSuspend(false);
    }
    if (s.hasTemplate()) {
      // A job's pods must say OnFailure or Never themselves: validation asks for it.
      s.setTemplate(template(s.getTemplate(), false));
    }
    return job.toBuilder().setSpec(s).build();
  }

  /** Upstream SetDefaults_CronJob; the template's pod spec gets the pod defaults, its job spec waits for the Job. */
  public static CronJob cronJob(CronJob cj) {
    CronJobSpec.Builder s = cj.getSpec().toBuilder();
    if (s.getConcurrencyPolicy().isEmpty()) {
      s.setConcurrencyPolicy("Allow");
    }
    if (!s.hasSuspend()) {
      s.setSuspend(false);
    }
    if (!s.hasSuccessfulJobsHistoryLimit()) {
      s.setSuccessfulJobsHistoryLimit(3);
    }
    if (!s.hasFailedJobsHistoryLimit()) {
      s.setFailedJobsHistoryLimit(1);
    }
    JobSpec.Builder job = s.getJobTemplate().getSpec().toBuilder();
    if (job.hasTemplate()) {
      job.setTemplate(template(job.getTemplate(), false));
      s.setJobTemplate(s.getJobTemplate().toBuilder().setSpec(job));
    }
    return cj.toBuilder().setSpec(s).build();
  }

  /** Upstream DefaultClientIPServiceAffinitySeconds: three hours. */
  public static final int DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

  public static Service service(Service svc) {
    ServiceSpec.Builder s = svc.getSpec().toBuilder();
    if (s.getType().isEmpty()) {
      s.setType("ClusterIP");
    }
    if (s.getSessionAffinity().isEmpty()) {
      s.setSessionAffinity("None");
    }
    for (int i = 0; i < s.getPortsCount(); i++) {
      ServicePort.Builder p = s.getPorts(i).toBuilder();
      if (p.getProtocol().isEmpty()) {
        p.setProtocol("TCP");
      }
      if (p.getTargetPort().getValueCase() == IntOrString.ValueCase.VALUE_NOT_SET
          || (p.getTargetPort().hasIntVal() && p.getTargetPort().getIntVal() == 0)
          || (p.getTargetPort().hasStrVal() && p.getTargetPort().getStrVal().isEmpty())) {
        p.setTargetPort(IntOrString.newBuilder().setIntVal(p.getPort()));
      }
      s.setPorts(i, p);
    }
    if (!s.getType().equals("ExternalName") && s.getInternalTrafficPolicy().isEmpty()) {
      s.setInternalTrafficPolicy("Cluster");
    }
    if ((s.getType().equals("NodePort") || s.getType().equals("LoadBalancer")) && s.getExternalTrafficPolicy().isEmpty()) {
      s.setExternalTrafficPolicy("Cluster");
    }
    if (s.getSessionAffinity().equals("ClientIP") && !s.getSessionAffinityConfig().getClientIp().hasTimeoutSeconds()) {
      s.setSessionAffinityConfig(SessionAffinityConfig.newBuilder()
          .setClientIp(ClientIPConfig.newBuilder().setTimeoutSeconds(DEFAULT_CLIENT_IP_TIMEOUT_SECONDS)));
    }
    // A single-stack IPv4 cluster: every Service but ExternalName is IPv4 only, as upstream fills them in.
    if (!s.getType().equals("ExternalName")) {
      if (s.getIpFamiliesCount() == 0) {
        s.addIpFamilies("IPv4");
      }
      if (s.getIpFamilyPolicy().isEmpty()) {
        s.setIpFamilyPolicy("SingleStack");
      }
    }
    return svc.toBuilder().setSpec(s).build();
  }

  /** Type Opaque, and stringData (write-only) merged into data, winning over data on equal keys. */
  public static Secret secret(Secret secret) {
    Secret.Builder b = secret.toBuilder();
    if (b.getType().isEmpty()) {
      b.setType("Opaque");
    }
    for (Map.Entry<String, String> e : secret.getStringDataMap().entrySet()) {
      b.putData(e.getKey(), ByteString.copyFrom(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.clearStringData().build();
  }

  public static Endpoints endpoints(Endpoints ep) {
    Endpoints.Builder b = ep.toBuilder();
    for (int i = 0; i < b.getSubsetsCount(); i++) {
      EndpointSubset.Builder s = b.getSubsets(i).toBuilder();
      for (int j = 0; j < s.getPortsCount(); j++) {
        if (s.getPorts(j).getProtocol().isEmpty()) {
          s.setPorts(j, s.getPorts(j).toBuilder().setProtocol("TCP"));
        }
      }
      b.setSubsets(i, s);
    }
    return b.build();
  }
}
