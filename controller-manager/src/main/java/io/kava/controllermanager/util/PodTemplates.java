package io.kava.controllermanager.util;

import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;

/** Builds the pod a workload controller creates from its template (upstream GetPodFromTemplate). */
public final class PodTemplates {
  private PodTemplates() {}

  /**
   * A pod named "{@code <prefix>}" plus a random suffix chosen by the API server, in the owner's
   * namespace, with the template's labels, annotations, finalizers and spec, controlled by {@code ref}.
   */
  public static Pod podFromTemplate(PodTemplateSpec template, String namespace, String generateNamePrefix,
      OwnerReference ref) {
    ObjectMeta t = template.getMetadata();
    ObjectMeta meta = ObjectMeta.newBuilder()
        .setNamespace(namespace)
        .setGenerateName(generateNamePrefix)
        .putAllLabels(t.getLabelsMap())
        .putAllAnnotations(t.getAnnotationsMap())
        .addAllFinalizers(t.getFinalizersList())
        .addOwnerReferences(ref)
        .build();
    return Pod.newBuilder().setApiVersion("v1").setKind("Pod").setMetadata(meta).setSpec(template.getSpec()).build();
  }
}
