package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.batch.v1.Job;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodStatus;
import io.kava.api.core.v1.Secret;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.testing.Fixtures;
import io.kava.apiserver.testing.InProcessApi;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.DeleteOptions;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.client.ResourceClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC service over the in-process transport, on in-memory storage. */
class ApiServiceTest {
  private InProcessApi api;

  @BeforeEach
  void start() {
    api = new InProcessApi();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private ApiException error(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail");
  }

  @Test
  void systemNamespacesExistFromTheStart() {
    List<Namespace> all = api.client.resource(Namespace.class).list(ListOptions.all()).items();
    assertThat(all).extracting(n -> n.getMetadata().getName())
        .contains("default", "kube-system", "kube-public", "kube-node-lease");
    assertThat(all).allMatch(n -> n.getStatus().getPhase().equals("Active"));
  }

  @Test
  void everyKindRoundTripsThroughCreateGetListUpdateDelete() {
    for (Message object : Fixtures.everyKind("default", "rt")) {
      Kind kind = Kinds.of(object);
      ResourceClient<Message> rc = api.client.resource(kind);
      Message created = rc.create(object);
      ObjectMeta meta = ApiObjects.meta(created);
      String ns = meta.getNamespace();
      assertThat(meta.getUid()).as(kind.kind()).hasSize(36);
      assertThat(meta.getCreationTimestamp()).as(kind.kind()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      assertThat(Long.parseLong(meta.getResourceVersion())).as(kind.kind()).isPositive();
      assertThat(meta.getGeneration()).as(kind.kind()).isEqualTo(1);
      assertThat(created.getField(created.getDescriptorForType().findFieldByName("api_version"))).isEqualTo(kind.apiVersion());
      assertThat(created.getField(created.getDescriptorForType().findFieldByName("kind"))).isEqualTo(kind.kind());

      Message got = rc.get(ns, meta.getName());
      assertThat(got).as(kind.kind()).isEqualTo(created);
      assertThat(rc.list(ListOptions.inNamespace(ns)).items()).as(kind.kind()).contains(created);

      Message changed = ApiObjects.withMeta(got, meta.toBuilder().putLabels("changed", "yes").build());
      Message updated = rc.update(changed);
      assertThat(ApiObjects.meta(updated).getLabelsMap()).containsEntry("changed", "yes");
      assertThat(Long.parseLong(ApiObjects.resourceVersion(updated))).isGreaterThan(Long.parseLong(meta.getResourceVersion()));
      assertThat(ApiObjects.meta(updated).getGeneration()).as("labels are not spec").isEqualTo(1);

      rc.delete(ns, meta.getName());
      if (kind.equals(Kinds.NAMESPACE)) {
        assertThat(((Namespace) rc.get("", meta.getName())).getStatus().getPhase()).isEqualTo("Terminating");
      } else {
        ApiException gone = error(() -> rc.get(ns, meta.getName()));
        assertThat(gone.isNotFound()).as(kind.kind()).isTrue();
        assertThat(gone.getMessage()).isEqualTo(kind.qualifiedResource() + " \"rt\" not found");
      }
    }
  }

  @Test
  void defaultsAreFilledOnCreate() {
    Deployment d = api.client.resource(Deployment.class).create(Fixtures.deployment("default", "nginx")
        .toBuilder().setSpec(Fixtures.deployment("default", "nginx").getSpec().toBuilder().clearReplicas()).build());
    assertThat(d.getSpec().getReplicas()).isEqualTo(1);
    assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
    assertThat(d.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    var c = d.getSpec().getTemplate().getSpec().getContainers(0);
    assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(c.getPorts(0).getProtocol()).isEqualTo("TCP");
    assertThat(d.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");

    Pod pod = api.client.resource(Pod.class).create(Fixtures.pod("default", "p"));
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30);
    assertThat(pod.getSpec().getSchedulerName()).isEqualTo("default-scheduler");

    Job job = api.client.resource(Job.class).create(Fixtures.job("default", "j"));
    assertThat(job.getSpec().getSelector().getMatchLabelsMap()).containsEntry("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
    assertThat(job.getSpec().getTemplate().getMetadata().getLabelsMap()).containsEntry("job-name", "j");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(job.getSpec().getCompletions()).isEqualTo(1);
  }

  @Test
  void secretDataRoundTripsExactlyWithStringDataMerged() {
    Secret s = api.client.resource(Secret.class).create(Fixtures.secret("default", "s"));
    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getStringDataMap()).isEmpty();
    assertThat(s.getDataMap().get("bin")).isEqualTo(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 255}));
    assertThat(Fixtures.text(s.getDataMap().get("password"))).isEqualTo("s3cret");
    ConfigMap cm = api.client.resource(ConfigMap.class).create(Fixtures.configMap("default", "cm"));
    assertThat(api.client.resource(ConfigMap.class).get("default", "cm").getDataMap())
        .isEqualTo(Fixtures.configMap("default", "cm").getDataMap()).isEqualTo(cm.getDataMap());
  }

  @Test
  void createOfAnExistingNameIsAlreadyExists() {
    var rc = api.client.resource(ConfigMap.class);
    rc.create(Fixtures.configMap("default", "dup"));
    ApiException e = error(() -> rc.create(Fixtures.configMap("default", "dup")));
    assertThat(e.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(e.getMessage()).isEqualTo("configmaps \"dup\" already exists");
  }

  @Test
  void generateNameAddsARandomSuffix() {
    var rc = api.client.resource(Pod.class);
    Pod in = Fixtures.pod("default", "").toBuilder()
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setGenerateName("web-")).build();
    Pod a = rc.create(in);
    Pod b = rc.create(in);
    assertThat(a.getMetadata().getName()).matches("web-[a-z0-9]{5}");
    assertThat(a.getMetadata().getName()).isNotEqualTo(b.getMetadata().getName());
  }

  @Test
  void staleResourceVersionIsAConflictAndWritesNothing() {
    var rc = api.client.resource(ConfigMap.class);
    ConfigMap v1 = rc.create(Fixtures.configMap("default", "c"));
    ConfigMap v2 = rc.update(v1.toBuilder().putData("counter", "1").build());
    int writes = api.storage.writes();
    ApiException e = error(() -> rc.update(v1.toBuilder().putData("counter", "2").build()));
    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.isConflict()).isTrue();
    assertThat(e.reason()).isEqualTo("Conflict");
    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on configmaps \"c\": the object has been modified; "
        + "please apply your changes to the latest version and try again");
    assertThat(api.storage.writes()).isEqualTo(writes);
    assertThat(rc.get("default", "c")).isEqualTo(v2);
  }

  @Test
  void updateWithoutResourceVersionIsUnconditional() {
    var rc = api.client.resource(ConfigMap.class);
    rc.create(Fixtures.configMap("default", "u"));
    ConfigMap blind = Fixtures.configMap("default", "u").toBuilder().putData("counter", "9").build();
    assertThat(rc.update(blind).getDataMap()).containsEntry("counter", "9");
  }

  @Test
  void updateKeepsStatusAndStatusUpdateKeepsSpec() {
    var rc = api.client.resource(Deployment.class);
    Deployment d = rc.create(Fixtures.deployment("default", "d"));
    Deployment withStatus = rc.updateStatus(d.toBuilder()
        .setStatus(d.getStatus().toBuilder().setReplicas(3).setObservedGeneration(1))
        .setSpec(d.getSpec().toBuilder().setReplicas(99)).build());
    assertThat(withStatus.getStatus().getReplicas()).isEqualTo(3);
    assertThat(withStatus.getSpec().getReplicas()).as("status update ignores spec").isEqualTo(3);
    assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1);

    Deployment scaled = rc.update(withStatus.toBuilder().setSpec(withStatus.getSpec().toBuilder().setReplicas(5))
        .clearStatus().build());
    assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);
    assertThat(scaled.getStatus().getReplicas()).as("update keeps stored status").isEqualTo(3);
    assertThat(scaled.getMetadata().getGeneration()).as("spec changed").isEqualTo(2);

    Deployment relabeled = rc.update(scaled.toBuilder().setMetadata(scaled.getMetadata().toBuilder().putLabels("x", "y")).build());
    assertThat(relabeled.getMetadata().getGeneration()).as("metadata is not spec").isEqualTo(2);
    assertThat(relabeled.getMetadata().getUid()).isEqualTo(d.getMetadata().getUid());
    assertThat(relabeled.getMetadata().getCreationTimestamp()).isEqualTo(d.getMetadata().getCreationTimestamp());
  }

  @Test
  void noOpUpdateKeepsTheResourceVersion() {
    var rc = api.client.resource(ConfigMap.class);
    ConfigMap cm = rc.create(Fixtures.configMap("default", "same"));
    assertThat(rc.update(cm).getMetadata().getResourceVersion()).isEqualTo(cm.getMetadata().getResourceVersion());
  }

  @Test
  void finalizersHoldDeletionUntilTheLastIsRemoved() {
    var rc = api.client.resource(ConfigMap.class);
    ConfigMap cm = rc.create(Fixtures.configMap("default", "f").toBuilder()
        .setMetadata(Fixtures.meta("default", "f").toBuilder().addFinalizers("kava.io/a").addFinalizers("kava.io/b")).build());
    ConfigMap deleting = rc.delete("default", "f");
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotEmpty();
    assertThat(rc.get("default", "f").getMetadata().getDeletionTimestamp()).isNotEmpty();

    ApiException added = error(() -> rc.update(deleting.toBuilder().setMetadata(deleting.getMetadata().toBuilder().addFinalizers("kava.io/c")).build()));
    assertThat(added.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(added.getMessage()).contains("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted");

    ConfigMap one = rc.update(deleting.toBuilder().setMetadata(deleting.getMetadata().toBuilder().clearFinalizers().addFinalizers("kava.io/b")).build());
    assertThat(rc.get("default", "f")).isEqualTo(one);
    rc.update(one.toBuilder().setMetadata(one.getMetadata().toBuilder().clearFinalizers()).build());
    assertThat(error(() -> rc.get("default", "f")).isNotFound()).isTrue();
    assertThat(cm.getMetadata().getDeletionTimestamp()).isEmpty();
  }

  @Test
  void propagationPoliciesAddTheirFinalizers() {
    var rc = api.client.resource(Deployment.class);
    rc.create(Fixtures.deployment("default", "fg"));
    Deployment fg = rc.delete("default", "fg", DeleteOptions.propagation("Foreground"));
    assertThat(fg.getMetadata().getFinalizersList()).containsExactly("foregroundDeletion");
    rc.create(Fixtures.deployment("default", "or"));
    Deployment or = rc.delete("default", "or", DeleteOptions.propagation("Orphan"));
    assertThat(or.getMetadata().getFinalizersList()).containsExactly("orphan");
    rc.create(Fixtures.deployment("default", "bg"));
    rc.delete("default", "bg", DeleteOptions.propagation("Background"));
    assertThat(error(() -> rc.get("default", "bg")).isNotFound()).isTrue();
  }

  @Test
  void boundPodsAreDeletedGracefullyAndUnboundPodsAtOnce() {
    var rc = api.client.resource(Pod.class);
    rc.create(Fixtures.pod("default", "unbound"));
    rc.delete("default", "unbound");
    assertThat(error(() -> rc.get("default", "unbound")).isNotFound()).isTrue();

    rc.create(Fixtures.pod("default", "bound"));
    Pod bound = rc.bind("default", "bound", "node-1");
    assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
    Pod deleting = rc.delete("default", "bound");
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotEmpty();
    assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30);
    Pod shorter = rc.delete("default", "bound", DeleteOptions.gracePeriod(5));
    assertThat(shorter.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(5);
    rc.delete("default", "bound", DeleteOptions.gracePeriod(0));
    assertThat(error(() -> rc.get("default", "bound")).isNotFound()).isTrue();
  }

  @Test
  void bindingABoundPodIsAConflict() {
    var rc = api.client.resource(Pod.class);
    rc.create(Fixtures.pod("default", "b"));
    rc.bind("default", "b", "node-1");
    ApiException e = error(() -> rc.bind("default", "b", "node-2"));
    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.getMessage()).contains("pod b is already assigned to node \"node-1\"");
    assertThat(rc.get("default", "b").getSpec().getNodeName()).isEqualTo("node-1");
  }

  @Test
  void podSpecIsImmutableExceptImagesAndStatusGoesThroughItsOwnCall() {
    var rc = api.client.resource(Pod.class);
    Pod pod = rc.create(Fixtures.pod("default", "imm"));
    Pod newImage = rc.update(pod.toBuilder().setSpec(pod.getSpec().toBuilder()
        .setContainers(0, pod.getSpec().getContainers(0).toBuilder().setImage("nginx:1.15"))).build());
    assertThat(newImage.getSpec().getContainers(0).getImage()).isEqualTo("nginx:1.15");
    ApiException e = error(() -> rc.update(newImage.toBuilder().setSpec(newImage.getSpec().toBuilder().setRestartPolicy("Never")).build()));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage()).startsWith("Pod \"imm\" is invalid: spec: Forbidden: pod updates may not change fields other than");
    Pod running = rc.updateStatus(newImage.toBuilder().setStatus(PodStatus.newBuilder().setPhase("Running").setPodIp("10.0.0.5")).build());
    assertThat(running.getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void invalidObjectsNameEveryFieldAndWriteNothing() {
    int writes = api.storage.writes();
    Deployment bad = Fixtures.deployment("default", "nginx").toBuilder()
        .setSpec(Fixtures.deployment("default", "nginx").getSpec().toBuilder().setReplicas(-1)).build();
    ApiException e = error(() -> api.client.resource(Deployment.class).create(bad));
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.getMessage()).isEqualTo("Deployment.apps \"nginx\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    assertThat(e.causes()).singleElement().satisfies(c -> {
      assertThat(c.getField()).isEqualTo("spec.replicas");
      assertThat(c.getReason()).isEqualTo("FieldValueInvalid");
      assertThat(c.getMessage()).isEqualTo("Invalid value: -1: must be greater than or equal to 0");
    });

    Pod twoErrors = Fixtures.pod("default", "Bad_Name").toBuilder().setSpec(Fixtures.podSpec().toBuilder()
        .setContainers(0, Fixtures.podSpec().getContainers(0).toBuilder().clearImage())).build();
    ApiException e2 = error(() -> api.client.resource(Pod.class).create(twoErrors));
    assertThat(e2.getMessage()).startsWith("Pod \"Bad_Name\" is invalid: [metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain");
    assertThat(e2.getMessage()).endsWith(", spec.containers[0].image: Required value]");
    assertThat(e2.causes()).extracting(c -> c.getField()).containsExactly("metadata.name", "spec.containers[0].image");
    assertThat(api.storage.writes()).isEqualTo(writes);
  }

  @Test
  void missingNamespaceIsNotFoundAndTerminatingNamespaceRefusesNewObjects() {
    ApiException missing = error(() -> api.client.resource(Pod.class).create(Fixtures.pod("nope", "p")));
    assertThat(missing.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(missing.getMessage()).isEqualTo("namespaces \"nope\" not found");

    api.client.resource(Namespace.class).create(Fixtures.namespace("going"));
    api.client.resource(Namespace.class).delete("", "going");
    ApiException terminating = error(() -> api.client.resource(Pod.class).create(Fixtures.pod("going", "p")));
    assertThat(terminating.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(terminating.reason()).isEqualTo("Forbidden");
    assertThat(terminating.getMessage()).isEqualTo("pods \"p\" is forbidden: unable to create new content in namespace going because it is being terminated");

    ApiException system = error(() -> api.client.resource(Namespace.class).delete("", "kube-system"));
    assertThat(system.reason()).isEqualTo("Forbidden");
  }

  @Test
  void namespaceGoesWhenTheNamespaceControllerRemovesItsFinalizer() {
    var rc = api.client.resource(Namespace.class);
    Namespace ns = rc.create(Fixtures.namespace("tmp"));
    assertThat(ns.getSpec().getFinalizersList()).containsExactly("kubernetes");
    Namespace terminating = rc.delete("", "tmp");
    assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
    rc.update(terminating.toBuilder().setSpec(terminating.getSpec().toBuilder().clearFinalizers()).build());
    assertThat(error(() -> rc.get("", "tmp")).isNotFound()).isTrue();
  }

  @Test
  void unknownResourcesAreNotFound() {
    ApiException e = error(() -> {
      try {
        io.kava.api.v1.ApiGrpc.newBlockingStub(api.client.channel())
            .list(io.kava.api.v1.ListRequest.newBuilder().setResource("foos").build());
      } catch (io.grpc.StatusRuntimeException sre) {
        throw ApiException.from(sre);
      }
    });
    assertThat(e.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("the server doesn't have a resource type \"foos\"");
  }

  @Test
  void selectorsFilterLists() {
    var rc = api.client.resource(Pod.class);
    rc.create(Fixtures.pod("default", "a"));
    rc.create(Fixtures.pod("default", "b").toBuilder().setMetadata(Fixtures.meta("default", "b").toBuilder().putLabels("tier", "db")).build());
    rc.bind("default", "b", "node-1");
    assertThat(rc.list(ListOptions.inNamespace("default").withLabelSelector("tier=db")).items()).extracting(p -> p.getMetadata().getName()).containsExactly("b");
    assertThat(rc.list(ListOptions.inNamespace("default").withLabelSelector("!tier")).items()).extracting(p -> p.getMetadata().getName()).containsExactly("a");
    assertThat(rc.list(ListOptions.all().withFieldSelector("spec.nodeName=node-1")).items()).extracting(p -> p.getMetadata().getName()).containsExactly("b");
    assertThat(rc.list(ListOptions.all().withFieldSelector("metadata.name!=b,status.phase=Pending")).items()).extracting(p -> p.getMetadata().getName()).containsExactly("a");
    ApiException badLabel = error(() -> rc.list(ListOptions.all().withLabelSelector("a in")));
    assertThat(badLabel.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    ApiException badField = error(() -> rc.list(ListOptions.all().withFieldSelector("spec.foo=x")));
    assertThat(badField.getMessage()).isEqualTo("field label not supported: spec.foo");
  }

  @Test
  void etcdDownIsUnavailableAndTheServerRecovers() {
    var rc = api.client.resource(ConfigMap.class);
    api.storage.setAvailable(false);
    ApiException e = error(() -> rc.create(Fixtures.configMap("default", "down")));
    assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(e.reason()).isEqualTo("ServiceUnavailable");
    api.storage.setAvailable(true);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(rc.create(Fixtures.configMap("default", "up"))).isNotNull());
  }
}
