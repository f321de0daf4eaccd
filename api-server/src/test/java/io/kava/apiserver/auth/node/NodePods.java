package io.kava.apiserver.auth.node;

import io.kava.api.core.v1.ConfigMapEnvSource;
import io.kava.api.core.v1.ConfigMapKeySelector;
import io.kava.api.core.v1.ConfigMapProjection;
import io.kava.api.core.v1.ConfigMapVolumeSource;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EnvFromSource;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.EnvVarSource;
import io.kava.api.core.v1.LocalObjectReference;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.ProjectedVolumeSource;
import io.kava.api.core.v1.SecretEnvSource;
import io.kava.api.core.v1.SecretKeySelector;
import io.kava.api.core.v1.SecretProjection;
import io.kava.api.core.v1.SecretVolumeSource;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeProjection;
import io.kava.api.meta.v1.ObjectMeta;

/** Pods that name objects every way a kubelet reads them, for the Node authorizer's and NodeRestriction's tests. */
public final class NodePods {
  private NodePods() {}

  /** A pod in namespace ns on a node ("" unbound) with no references. */
  public static Pod bare(String ns, String name, String node) {
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod")
        .setMetadata(ObjectMeta.newBuilder().setNamespace(ns).setName(name).setUid("uid-" + name))
        .setSpec(PodSpec.newBuilder().setNodeName(node)
            .addContainers(Container.newBuilder().setName("app").setImage("busybox")))
        .build();
  }

  /**
   * A pod naming secrets pull, env, envfrom, vol, proj; configmaps cm-env, cm-envfrom, cm-vol, cm-proj;
   * claim data; ServiceAccount runner.
   */
  public static Pod referencing(String ns, String name, String node) {
    Container app = Container.newBuilder().setName("app").setImage("busybox")
        .addEnv(EnvVar.newBuilder().setName("S").setValueFrom(EnvVarSource.newBuilder()
            .setSecretKeyRef(SecretKeySelector.newBuilder().setName("env").setKey("k"))))
        .addEnv(EnvVar.newBuilder().setName("C").setValueFrom(EnvVarSource.newBuilder()
            .setConfigMapKeyRef(ConfigMapKeySelector.newBuilder().setName("cm-env").setKey("k"))))
        .addEnvFrom(EnvFromSource.newBuilder().setSecretRef(SecretEnvSource.newBuilder().setName("envfrom")))
        .build();
    Container init = Container.newBuilder().setName("init").setImage("busybox")
        .addEnvFrom(EnvFromSource.newBuilder().setConfigMapRef(ConfigMapEnvSource.newBuilder().setName("cm-envfrom")))
        .build();
    PodSpec spec = PodSpec.newBuilder().setNodeName(node).setServiceAccountName("runner")
        .addContainers(app).addInitContainers(init)
        .addImagePullSecrets(LocalObjectReference.newBuilder().setName("pull"))
        .addVolumes(Volume.newBuilder().setName("s").setSecret(SecretVolumeSource.newBuilder().setSecretName("vol")))
        .addVolumes(Volume.newBuilder().setName("c").setConfigMap(ConfigMapVolumeSource.newBuilder().setName("cm-vol")))
        .addVolumes(Volume.newBuilder().setName("p").setProjected(ProjectedVolumeSource.newBuilder()
            .addSources(VolumeProjection.newBuilder().setSecret(SecretProjection.newBuilder().setName("proj")))
            .addSources(VolumeProjection.newBuilder().setConfigMap(ConfigMapProjection.newBuilder().setName("cm-proj")))))
        .addVolumes(Volume.newBuilder().setName("d").setPersistentVolumeClaim(
            PersistentVolumeClaimVolumeSource.newBuilder().setClaimName("data")))
        .build();
    return bare(ns, name, node).toBuilder().setSpec(spec).build();
  }

  public static Pod mirror(Pod pod) {
    return pod.toBuilder().setMetadata(pod.getMetadata().toBuilder()
        .putAnnotations(PodReferences.MIRROR_ANNOTATION, "hash")).build();
  }

  /** A volume bound to claim ns/claim ("" for none). */
  public static PersistentVolume volume(String name, String ns, String claim) {
    PersistentVolumeSpec.Builder spec = PersistentVolumeSpec.newBuilder();
    if (!claim.isEmpty()) {
      spec.setClaimRef(ObjectReference.newBuilder().setKind("PersistentVolumeClaim").setNamespace(ns).setName(claim));
    }
    return PersistentVolume.newBuilder().setApiVersion("v1").setKind("PersistentVolume")
        .setMetadata(ObjectMeta.newBuilder().setName(name)).setSpec(spec).build();
  }
}
