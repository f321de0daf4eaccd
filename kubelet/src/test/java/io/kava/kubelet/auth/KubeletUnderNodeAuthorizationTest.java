package io.kava.kubelet.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.ConfigMapKeySelector;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.EnvVarSource;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.HostPathVolumeSource;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.PersistentVolume;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.core.v1.PersistentVolumeClaimSpec;
import io.kava.api.core.v1.PersistentVolumeClaimStatus;
import io.kava.api.core.v1.PersistentVolumeClaimVolumeSource;
import io.kava.api.core.v1.PersistentVolumeSpec;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.SecretVolumeSource;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.AuthorizationConfig;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.KavaClient;
import io.kava.client.ListOptions;
import io.kava.client.auth.BearerToken;
import io.kava.kubelet.Kubelet;
import io.kava.kubelet.KubeletConfig;
import io.kava.kubelet.testing.FakeContainerRuntime;
import io.kava.kubelet.testing.TestPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet as it runs, with its node's identity, against an API server with
 * --authorization-mode=Node,RBAC and NodeRestriction: every call it makes (its pods by spec.nodeName,
 * the Secret, ConfigMap, claim and volume its pod uses, pod status and deletion, its Node and status,
 * its Lease, events, Services) is allowed; none is refused along the way.
 */
class KubeletUnderNodeAuthorizationTest {
  private static final String NODE = "node-a";
  @TempDir Path dir;
  private InProcessApi api;
  private KavaClient admin;
  private KavaClient asNode;
  private Kubelet kubelet;
  private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
  private final FakeContainerRuntime runtime = new FakeContainerRuntime(Clock.systemUTC())
      .withImage(TestPods.IMAGE).withImage("kava/pause:3.9");

  @BeforeEach
  void start() throws Exception {
    Path tokens = dir.resolve("tokens.csv");
    Files.writeString(tokens, "admin-token,kubernetes-admin,1,system:masters\nnode-token,system:node:" + NODE + ",2,system:nodes\n");
    api = new InProcessApi(c -> c.withSecurity(c.security().withAuthorization(
        AuthorizationConfig.defaults().withModes("Node,RBAC").withTokenAuthFile(tokens))));
    admin = api.client.withInterceptors(new BearerToken("admin-token"));
    asNode = api.client.withInterceptors(new RefusalRecorder(), new BearerToken("node-token"));
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
        .until(() -> admin.resource(Secret.class).list(ListOptions.inNamespace("default")) != null);
    Path root = Files.createDirectories(dir.resolve("root"));
    KubeletConfig config = new KubeletConfig("in-process", NODE, "127.0.0.11", "4", "8Gi", 110, 0.1,
        "unused", Duration.ofSeconds(1), true, "kava/pause:3.9", Duration.ofMillis(500), 2, root, true,
        List.of("10.96.0.10"), "cluster.local", "/etc/resolv.conf", 0, Duration.ofSeconds(15));
    kubelet = new Kubelet(config, asNode, runtime);
  }

  @AfterEach
  void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    api.close();
  }

  /** Remembers every call that came back PERMISSION_DENIED. */
  private final class RefusalRecorder implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
            @Override
            public void onClose(Status status, Metadata trailers) {
              if (status.getCode() == Status.Code.PERMISSION_DENIED) {
                refusals.add(method.getBareMethodName() + ": " + status.getDescription());
              }
              super.onClose(status, trailers);
            }
          }, headers);
        }
      };
    }
  }

  @Test
  void everyCallOfTheKubeletIsAllowed() {
    ObjectMeta.Builder meta = ObjectMeta.newBuilder().setNamespace("default");
    admin.resource(Secret.class).create(Secret.newBuilder().setMetadata(meta.clone().setName("creds"))
        .putStringData("password", "s3cret").build());
    admin.resource(ConfigMap.class).create(ConfigMap.newBuilder().setMetadata(meta.clone().setName("settings"))
        .putData("mode", "fast").build());
    admin.resource(PersistentVolume.class).create(PersistentVolume.newBuilder()
        .setMetadata(ObjectMeta.newBuilder().setName("pv-data"))
        .setSpec(PersistentVolumeSpec.newBuilder().putCapacity("storage", "1Gi").addAccessModes("ReadWriteOnce")
            .setStorageClassName("").setHostPath(HostPathVolumeSource.newBuilder().setPath(dir.resolve("data").toString()))
            .setClaimRef(ObjectReference.newBuilder().setKind("PersistentVolumeClaim").setNamespace("default").setName("data")))
        .build());
    PersistentVolumeClaim claim = admin.resource(PersistentVolumeClaim.class).create(PersistentVolumeClaim.newBuilder()
        .setMetadata(meta.clone().setName("data"))
        .setSpec(PersistentVolumeClaimSpec.newBuilder().addAccessModes("ReadWriteOnce").setStorageClassName("")
            .setVolumeName("pv-data").setResources(ResourceRequirements.newBuilder().putRequests("storage", "1Gi")))
        .build());
    admin.resource(PersistentVolumeClaim.class).updateStatus(claim.toBuilder()
        .setStatus(PersistentVolumeClaimStatus.newBuilder().setPhase("Bound")).build());
    Container app = TestPods.container("app", "sleep", "3600").toBuilder()
        .addEnv(EnvVar.newBuilder().setName("MODE").setValueFrom(EnvVarSource.newBuilder()
            .setConfigMapKeyRef(ConfigMapKeySelector.newBuilder().setName("settings").setKey("mode"))))
        .addVolumeMounts(VolumeMount.newBuilder().setName("creds").setMountPath("/creds"))
        .addVolumeMounts(VolumeMount.newBuilder().setName("data").setMountPath("/data"))
        .build();
    Pod web = TestPods.pod("web", NODE, app);
    web = web.toBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("web"))
        .setSpec(web.getSpec().toBuilder()
            .addVolumes(Volume.newBuilder().setName("creds").setSecret(SecretVolumeSource.newBuilder().setSecretName("creds")))
            .addVolumes(Volume.newBuilder().setName("data").setPersistentVolumeClaim(
                PersistentVolumeClaimVolumeSource.newBuilder().setClaimName("data"))))
        .build();
    admin.resource(Pod.class).create(web);

    kubelet.start();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(refusals).isEmpty();
      assertThat(admin.resource(Pod.class).get("default", "web").getStatus().getPhase()).isEqualTo("Running");
      Node node = admin.resource(Node.class).get("", NODE);
      assertThat(node.getMetadata().getLabelsMap()).containsEntry("kubernetes.io/hostname", NODE);
      assertThat(node.getStatus().getConditionsList()).anyMatch(c -> c.getType().equals("Ready"));
      assertThat(admin.resource(Lease.class).get("kube-node-lease", NODE).getSpec().getHolderIdentity()).isEqualTo(NODE);
      assertThat(admin.resource(Event.class).list(ListOptions.inNamespace("default")).items())
          .anyMatch(e -> e.getInvolvedObject().getName().equals("web"));
    });
    assertThat(runtime.config(runtime.named("app").get(0).id()).env()).contains("MODE=fast");

    // A pod deleted through the API: the kubelet stops it and removes it (its own pod's delete).
    admin.resource(Pod.class).delete("default", "web");
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      try {
        admin.resource(Pod.class).get("default", "web");
        return false;
      } catch (ApiException e) {
        return e.isNotFound();
      }
    });
    assertThat(refusals).isEmpty();
    // The same kubelet credentials are refused what its pods do not use.
    admin.resource(Secret.class).create(Secret.newBuilder().setMetadata(meta.clone().setName("elsewhere")).build());
    assertThat(asNodeRefused(() -> asNode.resource(Secret.class).get("default", "creds")))
        .as("the pod that used it is gone").isTrue();
    assertThat(asNodeRefused(() -> asNode.resource(Secret.class).get("default", "elsewhere"))).isTrue();
    assertThat(refusals).as("the recorder sees refusals").hasSize(2).allMatch(r -> r.startsWith("Get: secrets"));
  }

  private boolean asNodeRefused(Runnable call) {
    try {
      call.run();
      return false;
    } catch (ApiException e) {
      return e.code() == Status.Code.PERMISSION_DENIED;
    }
  }
}
