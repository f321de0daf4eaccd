package io.kava.e2e;

import io.kava.api.apps.v1.Deployment;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import java.util.function.UnaryOperator;

/** Read-modify-write of a Deployment, retried on Conflict as client-go's RetryOnConflict does. */
final class Deployments {
  private Deployments() {}

  /** Applies change to the latest Deployment until the write lands; returns the written object. */
  static Deployment update(KavaClient client, String namespace, String name, UnaryOperator<Deployment> change) {
    var deployments = client.resource(Deployment.class);
    for (int attempt = 1; ; attempt++) {
      Deployment current = deployments.get(namespace, name);
      try {
        return deployments.update(change.apply(current));
      } catch (ApiException e) {
        if (!e.isConflict() || attempt >= 200) {
          throw e;
        }
      }
    }
  }

  static Deployment scale(KavaClient client, String namespace, String name, int replicas) {
    return update(client, namespace, name,
        d -> d.toBuilder().setSpec(d.getSpec().toBuilder().setReplicas(replicas)).build());
  }

  /** A Deployment of `sleep` pods on the local busybox image. */
  static String sleepers(String name, int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
        spec:
          replicas: %d
          selector:
            matchLabels:
              app: %s
          template:
            metadata:
              labels:
                app: %s
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: main
                image: busybox
                command: ["sleep", "3600"]
        """.formatted(name, replicas, name, name);
  }
}
