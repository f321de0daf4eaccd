package io.kava.apiserver.admission;

import io.grpc.Status;
import io.kava.api.core.v1.ConfigMapProjection;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.DownwardAPIProjection;
import io.kava.api.core.v1.DownwardAPIVolumeFile;
import io.kava.api.core.v1.KeyToPath;
import io.kava.api.core.v1.ObjectFieldSelector;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ProjectedVolumeSource;
import io.kava.api.core.v1.ServiceAccount;
import io.kava.api.core.v1.ServiceAccountTokenProjection;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.api.core.v1.VolumeProjection;
import io.kava.api.v1.StatusCause;
import io.kava.apiserver.errors.ApiError;
import io.kava.client.Kinds;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Upstream's ServiceAccount admission plugin for new pods: spec.serviceAccountName defaults to "default",
 * a pod naming a ServiceAccount that does not exist is refused (the "default" one is waited for briefly,
 * as its controller may not have made it yet), and unless automountServiceAccountToken is false (pod
 * first, then ServiceAccount) every container mounts the projected kube-api-access-xxxxx volume
 * (token, ca.crt, namespace) read-only at /var/run/secrets/kubernetes.io/serviceaccount. Pods with no
 * imagePullSecrets take the ServiceAccount's.
 */
public final class ServiceAccountAdmission {
  public static final String DEFAULT_SERVICE_ACCOUNT = "default";
  public static final String VOLUME_PREFIX = "kube-api-access-";
  public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
  public static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";
  /** Upstream's MirrorPodAnnotationKey: static pods' mirrors get no ServiceAccount. */
  private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int DEFAULT_ACCOUNT_ATTEMPTS = 10;

  /** The cluster's ServiceAccounts as admission reads them (the watch cache, etcd on a miss). */
  @FunctionalInterface
  public interface Accounts {
    Optional<ServiceAccount> get(String namespace, String name);
  }

  private final Accounts accounts;
  private final int defaultAccountAttempts;
  private final Duration retryInterval;
  private final SecureRandom random = new SecureRandom();

  /** As upstream: the default ServiceAccount is looked up 10 times, 100 to 200 ms apart. */
  public ServiceAccountAdmission(Accounts accounts) {
    this(accounts, DEFAULT_ACCOUNT_ATTEMPTS, Duration.ofMillis(100));
  }

  public ServiceAccountAdmission(Accounts accounts, int defaultAccountAttempts, Duration retryInterval) {
    this.accounts = accounts;
    this.defaultAccountAttempts = defaultAccountAttempts;
    this.retryInterval = retryInterval;
  }

  /** For API servers without ServiceAccount tokens (in-process harnesses): pods pass unchanged. */
  public static UnaryOperator<Pod> off() {
    return UnaryOperator.identity();
  }

  public Pod admitCreate(Pod pod) {
    if (pod.getMetadata().containsAnnotations(MIRROR_ANNOTATION)) {
      return pod;
    }
    PodSpec.Builder spec = pod.getSpec().toBuilder();
    if (spec.getServiceAccountName().isEmpty()) {
      spec.setServiceAccountName(spec.getServiceAccount().isEmpty() ? DEFAULT_SERVICE_ACCOUNT : spec.getServiceAccount());
    }
    // serviceAccount is the deprecated alias; upstream's defaulting keeps the two equal.
    spec.setServiceAccount(spec.getServiceAccountName());
    String namespace = pod.getMetadata().getNamespace();
    ServiceAccount account = lookUp(pod, namespace, spec.getServiceAccountName());
    if (automount(spec, account)) {
      mountToken(spec);
    }
    if (spec.getImagePullSecretsCount() == 0) {
      spec.addAllImagePullSecrets(account.getImagePullSecretsList());
    }
    return pod.toBuilder().setSpec(spec).build();
  }

  private ServiceAccount lookUp(Pod pod, String namespace, String name) {
    int attempts = name.equals(DEFAULT_SERVICE_ACCOUNT) ? defaultAccountAttempts : 1;
    for (int i = 0; i < attempts; i++) {
      if (i > 0) {
        pause();
      }
      Optional<ServiceAccount> found = accounts.get(namespace, name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    String podName = pod.getMetadata().getName().isEmpty() ? pod.getMetadata().getGenerateName() : pod.getMetadata().getName();
    String detail = "serviceaccount \"" + name + "\" not found";
    return throwNotFound(podName, namespace, name, detail);
  }

  private static ServiceAccount throwNotFound(String podName, String namespace, String name, String detail) {
    // Upstream's Forbidden message, with the field named so clients can point at it.
    throw new ApiError(Status.Code.FAILED_PRECONDITION, "Forbidden", Kinds.POD.qualifiedResource() + " \"" + podName
        + "\" is forbidden: error looking up service account " + namespace + "/" + name + ": " + detail,
        List.of(StatusCause.newBuilder().setField("spec.serviceAccountName").setReason("FieldValueNotFound")
            .setMessage(detail).build()), Kinds.POD.kind(), podName);
  }

  private void pause() {
    try {
      Thread.sleep(retryInterval.toMillis() + random.nextInt((int) Math.max(1, retryInterval.toMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.unavailable("interrupted while looking up the service account");
    }
  }

  /** Upstream's shouldAutomount: the pod's setting, else the ServiceAccount's, else true. */
  static boolean automount(PodSpec.Builder spec, ServiceAccount account) {
    if (spec.hasAutomountServiceAccountToken()) {
      return spec.getAutomountServiceAccountToken();
    }
    return !account.hasAutomountServiceAccountToken() || account.getAutomountServiceAccountToken();
  }

  private void mountToken(PodSpec.Builder spec) {
    Optional<String> existing = spec.getVolumesList().stream().map(Volume::getName)
        .filter(n -> n.startsWith(VOLUME_PREFIX)).findFirst();
    String volumeName = existing.orElseGet(this::volumeName);
    VolumeMount mount = VolumeMount.newBuilder().setName(volumeName).setReadOnly(true).setMountPath(MOUNT_PATH).build();
    boolean needed = false;
    for (int i = 0; i < spec.getInitContainersCount(); i++) {
      if (!mountsPath(spec.getInitContainers(i))) {
        spec.setInitContainers(i, spec.getInitContainers(i).toBuilder().addVolumeMounts(mount));
        needed = true;
      }
    }
    for (int i = 0; i < spec.getContainersCount(); i++) {
      if (!mountsPath(spec.getContainers(i))) {
        spec.setContainers(i, spec.getContainers(i).toBuilder().addVolumeMounts(mount));
        needed = true;
      }
    }
    if (existing.isEmpty() && needed) {
      spec.addVolumes(Volume.newBuilder().setName(volumeName).setProjected(tokenVolumeSource()));
    }
  }

  /** A container that mounts something at the token path itself keeps it. */
  private static boolean mountsPath(Container container) {
    return container.getVolumeMountsList().stream().anyMatch(m -> m.getMountPath().equals(MOUNT_PATH));
  }

  private String volumeName() {
    StringBuilder sb = new StringBuilder(VOLUME_PREFIX);
    for (int i = 0; i < 5; i++) {
      sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return sb.toString();
  }

  /** Upstream's TokenVolumeSource, defaultMode 0644 set explicitly as upstream sets it. */
  public static ProjectedVolumeSource tokenVolumeSource() {
    return ProjectedVolumeSource.newBuilder().setDefaultMode(0644)
        .addSources(VolumeProjection.newBuilder().setServiceAccountToken(ServiceAccountTokenProjection.newBuilder()
            .setExpirationSeconds(3607).setPath("token")))
        .addSources(VolumeProjection.newBuilder().setConfigMap(ConfigMapProjection.newBuilder().setName(ROOT_CA_CONFIG_MAP)
            .addItems(KeyToPath.newBuilder().setKey("ca.crt").setPath("ca.crt"))))
        .addSources(VolumeProjection.newBuilder().setDownwardApi(DownwardAPIProjection.newBuilder()
            .addItems(DownwardAPIVolumeFile.newBuilder().setPath("namespace")
                .setFieldRef(ObjectFieldSelector.newBuilder().setApiVersion("v1").setFieldPath("metadata.namespace")))))
        .build();
  }
}
