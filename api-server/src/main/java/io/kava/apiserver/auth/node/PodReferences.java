package io.kava.apiserver.auth.node;

import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EnvFromSource;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.LocalObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeProjection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects a pod names, as upstream's podutil.VisitPodSecretNames and VisitPodConfigmapNames: what its
 * kubelet must read to run it. Secrets: imagePullSecrets, env secretKeyRef, envFrom secretRef, secret
 * volumes and projected secret sources; ConfigMaps likewise; claims: persistentVolumeClaim volumes.
 */
public final class PodReferences {
  public static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private PodReferences() {}

  public static Set<String> secrets(Pod pod) {
    PodSpec spec = pod.getSpec();
    Set<String> names = new LinkedHashSet<>();
    for (LocalObjectReference ref : spec.getImagePullSecretsList()) {
      names.add(ref.getName());
    }
    for (Container c : containers(spec)) {
      for (EnvFromSource from : c.getEnvFromList()) {
        if (from.hasSecretRef()) {
          names.add(from.getSecretRef().getName());
        }
      }
      for (EnvVar env : c.getEnvList()) {
        if (env.hasValueFrom() && env.getValueFrom().hasSecretKeyRef()) {
          names.add(env.getValueFrom().getSecretKeyRef().getName());
        }
      }
    }
    for (Volume v : spec.getVolumesList()) {
      if (v.hasSecret()) {
        names.add(v.getSecret().getSecretName());
      }
      for (VolumeProjection p : v.getProjected().getSourcesList()) {
        if (p.hasSecret()) {
          names.add(p.getSecret().getName());
        }
      }
    }
    names.remove("");
    return names;
  }

  public static Set<String> configMaps(Pod pod) {
    PodSpec spec = pod.getSpec();
    Set<String> names = new LinkedHashSet<>();
    for (Container c : containers(spec)) {
      for (EnvFromSource from : c.getEnvFromList()) {
        if (from.hasConfigMapRef()) {
          names.add(from.getConfigMapRef().getName());
        }
      }
      for (EnvVar env : c.getEnvList()) {
        if (env.hasValueFrom() && env.getValueFrom().hasConfigMapKeyRef()) {
          names.add(env.getValueFrom().getConfigMapKeyRef().getName());
        }
      }
    }
    for (Volume v : spec.getVolumesList()) {
      if (v.hasConfigMap()) {
        names.add(v.getConfigMap().getName());
      }
      for (VolumeProjection p : v.getProjected().getSourcesList()) {
        if (p.hasConfigMap()) {
          names.add(p.getConfigMap().getName());
        }
      }
    }
    names.remove("");
    return names;
  }

  public static Set<String> claims(Pod pod) {
    Set<String> names = new LinkedHashSet<>();
    for (Volume v : pod.getSpec().getVolumesList()) {
      if (v.hasPersistentVolumeClaim()) {
        names.add(v.getPersistentVolumeClaim().getClaimName());
      }
    }
    names.remove("");
    return names;
  }

  public static boolean isMirror(Pod pod) {
    return pod.getMetadata().containsAnnotations(MIRROR_ANNOTATION);
  }

  private static List<Container> containers(PodSpec spec) {
    List<Container> all = new ArrayList<>(spec.getInitContainersList());
    all.addAll(spec.getContainersList());
    return all;
  }
}
