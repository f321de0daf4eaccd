package io.kava.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentStrategy;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.RollingUpdateDeployment;
import io.kava.api.batch.v1.Job;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.Probe;
import io.kava.api.core.v1.ResourceRequirements;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.Taint;
import io.kava.api.core.v1.Toleration;
import io.kava.api.core.v1.VolumeMount;
import io.kava.api.meta.v1.IntOrString;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.apiserver.errors.FieldError;
import io.kava.apiserver.registry.KindStrategy;
import io.kava.apiserver.registry.Strategies;
import io.kava.apiserver.testing.Fixtures;
import io.kava.client.ApiObjects;
import io.kava.client.Kinds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upstream's validation rules, kind by kind: each error names its field path and reason. */
class ValidationTest {
  private static final Strategies STRATEGIES = new Strategies();

  /** "field Type" of every error of the object after defaulting, as the server would report them. */
  static List<String> errors(Message object) {
    KindStrategy s = STRATEGIES.of(Kinds.of(object));
    // As on create: defaults, server-set uid, then what the kind prepares (a job's generated selector).
    Message defaulted = s.applyDefaults(object);
    defaulted = s.prepareForCreate(ApiObjects.withMeta(defaulted, ApiObjects.meta(defaulted).toBuilder().setUid("0d5e1c2a-1111-4222-8333-444455556666").build()));
    List<FieldError> errs = new ArrayList<>(MetaValidation.validateObjectMeta(ApiObjects.meta(defaulted), Kinds.of(object).namespaced(), s.nameRule()));
    errs.addAll(s.validate(defaulted));
    return errs.stream().map(e -> e.field() + " " + e.type().reason()).toList();
  }

  static List<String> updateErrors(Message object, Message old) {
    KindStrategy s = STRATEGIES.of(Kinds.of(object));
    return s.validateUpdate(s.applyDefaults(object), s.applyDefaults(old)).stream().map(e -> e.field() + " " + e.type().reason()).toList();
  }

  static Pod pod(PodSpec spec) {
    return Fixtures.pod("default", "p").toBuilder().setSpec(spec).build();
  }

  static Container container() {
    return Fixtures.podSpec().getContainers(0);
  }

  @Test
  void everyFixtureIsValid() {
    for (Message m : Fixtures.everyKind("default", "ok")) {
      assertThat(errors(m)).as(Kinds.of(m).kind()).isEmpty();
    }
  }

  @Test
  void namesFollowTheirKindsRule() {
    assertThat(errors(Fixtures.pod("default", "Upper"))).containsExactly("metadata.name FieldValueInvalid");
    assertThat(errors(Fixtures.pod("default", "a.b-c"))).isEmpty();
    assertThat(errors(Fixtures.namespace("a.b"))).as("namespaces are labels").containsExactly("metadata.name FieldValueInvalid");
    assertThat(errors(Fixtures.service("default", "1abc"))).as("services are DNS-1035 labels").containsExactly("metadata.name FieldValueInvalid");
    assertThat(errors(Fixtures.pod("default", "x".repeat(254)))).containsExactly("metadata.name FieldValueInvalid");
    assertThat(errors(Fixtures.pod("default", ""))).containsExactly("metadata.name FieldValueRequired");
    assertThat(errors(Fixtures.pod("", "p"))).containsExactly("metadata.namespace FieldValueRequired");
    assertThat(errors(Fixtures.pod("Bad_NS", "p"))).containsExactly("metadata.namespace FieldValueInvalid");
  }

  @Test
  void labelsAnnotationsFinalizersAndOwnerReferences() {
    ObjectMeta bad = Fixtures.meta("default", "p").toBuilder()
        .putLabels("example.com/ok", "fine")
        .putLabels("bad key", "v")
        .putLabels("k", "bad value!")
        .putLabels("x".repeat(64), "v")
        .putAnnotations("big", "x".repeat(300 * 1024))
        .addFinalizers("custom")
        .addOwnerReferences(io.kava.api.meta.v1.OwnerReference.newBuilder().setKind("ReplicaSet").setName("rs"))
        .build();
    assertThat(errors(Fixtures.pod("default", "p").toBuilder().setMetadata(bad).build())).containsExactlyInAnyOrder(
        "metadata.labels FieldValueInvalid", "metadata.labels FieldValueInvalid", "metadata.labels FieldValueInvalid",
        "metadata.annotations FieldValueTooLong", "metadata.finalizers[0] FieldValueInvalid",
        "metadata.ownerReferences[0].apiVersion FieldValueInvalid", "metadata.ownerReferences[0].uid FieldValueInvalid");
  }

  @Test
  void podContainersImagesPortsAndNames() {
    assertThat(errors(pod(PodSpec.getDefaultInstance()))).containsExactly("spec.containers FieldValueRequired");
    assertThat(errors(pod(PodSpec.newBuilder().addContainers(container().toBuilder().clearImage()).build())))
        .containsExactly("spec.containers[0].image FieldValueRequired");
    assertThat(errors(pod(PodSpec.newBuilder().addContainers(container()).addContainers(container()).build())))
        .containsExactly("spec.containers[1].name FieldValueDuplicate");
    assertThat(errors(pod(PodSpec.newBuilder().addContainers(container().toBuilder().setName("Web_1")).build())))
        .containsExactly("spec.containers[0].name FieldValueInvalid");
    assertThat(errors(pod(PodSpec.newBuilder().addContainers(container().toBuilder()
        .setPorts(0, ContainerPort.newBuilder().setContainerPort(70000).setProtocol("ICMP").setName("--bad"))).build())))
        .containsExactlyInAnyOrder("spec.containers[0].ports[0].containerPort FieldValueInvalid",
            "spec.containers[0].ports[0].protocol FieldValueNotSupported",
            "spec.containers[0].ports[0].name FieldValueInvalid", "spec.containers[0].ports[0].name FieldValueInvalid");
    assertThat(errors(pod(Fixtures.podSpec().toBuilder().setRestartPolicy("Sometimes").build())))
        .containsExactly("spec.restartPolicy FieldValueNotSupported");
    assertThat(errors(pod(PodSpec.newBuilder().addContainers(container().toBuilder().setImagePullPolicy("Maybe")).build())))
        .containsExactly("spec.containers[0].imagePullPolicy FieldValueNotSupported");
  }

  @Test
  void podResourcesProbesVolumesAndTolerations() {
    Container c = container().toBuilder()
        .setResources(ResourceRequirements.newBuilder().putLimits("cpu", "500m").putRequests("cpu", "1")
            .putLimits("memory", "lots").putRequests("example.com/gpu", "-1"))
        .setLivenessProbe(Probe.newBuilder())
        .setReadinessProbe(Probe.newBuilder().setHttpGet(HTTPGetAction.newBuilder().setPort(IntOrString.newBuilder().setIntVal(0))))
        .addVolumeMounts(VolumeMount.newBuilder().setName("data").setMountPath("/data"))
        .build();
    PodSpec spec = PodSpec.newBuilder().addContainers(c)
        .addTolerations(Toleration.newBuilder().setKey("k").setOperator("Sometimes").setEffect("Never")).build();
    assertThat(errors(pod(spec))).containsExactlyInAnyOrder(
        "spec.containers[0].resources.limits[memory] FieldValueInvalid",
        "spec.containers[0].resources.requests[example.com/gpu] FieldValueInvalid",
        "spec.containers[0].resources.requests[memory] FieldValueInvalid", // defaulted from the limit
        "spec.containers[0].resources.requests FieldValueInvalid",
        "spec.containers[0].livenessProbe FieldValueRequired",
        "spec.containers[0].readinessProbe.httpGet.port FieldValueInvalid",
        "spec.containers[0].volumeMounts[0].name FieldValueNotFound",
        "spec.tolerations[0].operator FieldValueNotSupported",
        "spec.tolerations[0].effect FieldValueNotSupported");
  }

  @Test
  void podUpdatesMayChangeOnlyImagesDeadlinesAndAddTolerations() {
    Pod old = Fixtures.pod("default", "p");
    Pod image = old.toBuilder().setSpec(old.getSpec().toBuilder().setContainers(0, container().toBuilder().setImage("nginx:2"))).build();
    assertThat(updateErrors(image, old)).isEmpty();
    Pod toleration = old.toBuilder().setSpec(old.getSpec().toBuilder().addTolerations(Toleration.newBuilder().setOperator("Exists"))).build();
    assertThat(updateErrors(toleration, old)).isEmpty();
    Pod node = old.toBuilder().setSpec(old.getSpec().toBuilder().setNodeName("node-1")).build();
    assertThat(updateErrors(node, old)).containsExactly("spec FieldValueForbidden");
  }

  @Test
  void deploymentsNeedAMatchingSelectorAndSaneStrategy() {
    Deployment d = Fixtures.deployment("default", "d");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setReplicas(-1)).build()))
        .containsExactly("spec.replicas FieldValueInvalid");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().clearSelector()).build()))
        .containsExactly("spec.selector FieldValueRequired");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setSelector(LabelSelector.getDefaultInstance())).build()))
        .containsExactly("spec.selector FieldValueInvalid");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "db"))).build()))
        .containsExactly("spec.template.metadata.labels FieldValueInvalid");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setSelector(LabelSelector.newBuilder()
        .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("app").setOperator("In")))).build()))
        .containsExactly("spec.selector.matchExpressions[0].values FieldValueRequired");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setTemplate(Fixtures.template().toBuilder()
        .setSpec(Fixtures.podSpec().toBuilder().setRestartPolicy("Never")))).build()))
        .containsExactly("spec.template.spec.restartPolicy FieldValueNotSupported");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setStrategy(DeploymentStrategy.newBuilder()
        .setType("RollingUpdate").setRollingUpdate(RollingUpdateDeployment.newBuilder()
            .setMaxSurge(IntOrString.newBuilder().setIntVal(0)).setMaxUnavailable(IntOrString.newBuilder().setStrVal("0%"))))).build()))
        .containsExactly("spec.strategy.rollingUpdate.maxUnavailable FieldValueInvalid");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setStrategy(DeploymentStrategy.newBuilder()
        .setType("Recreate").setRollingUpdate(RollingUpdateDeployment.getDefaultInstance()))).build()))
        .containsExactly("spec.strategy.rollingUpdate FieldValueForbidden");
    assertThat(errors(d.toBuilder().setSpec(d.getSpec().toBuilder().setMinReadySeconds(10).setProgressDeadlineSeconds(5)).build()))
        .containsExactly("spec.progressDeadlineSeconds FieldValueInvalid");
    Deployment moved = d.toBuilder().setSpec(d.getSpec().toBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "web").putMatchLabels("x", "y"))
        .setTemplate(Fixtures.template().toBuilder().setMetadata(ObjectMeta.newBuilder().putLabels("app", "web").putLabels("x", "y")))).build();
    assertThat(updateErrors(moved, d)).containsExactly("spec.selector FieldValueInvalid");
  }

  @Test
  void replicaSetsAndJobs() {
    ReplicaSet rs = Fixtures.replicaSet("default", "rs");
    assertThat(errors(rs.toBuilder().setSpec(rs.getSpec().toBuilder().setReplicas(-2).clearTemplate()).build()))
        .containsExactly("spec.replicas FieldValueInvalid", "spec.template FieldValueRequired");
    Job job = Fixtures.job("default", "j");
    Job always = job.toBuilder().setSpec(job.getSpec().toBuilder().setSelector(Fixtures.selector())
        .setTemplate(Fixtures.template())).build();
    assertThat(errors(always)).containsExactly("spec.template.spec.restartPolicy FieldValueRequired");
    Job negative = job.toBuilder().setSpec(job.getSpec().toBuilder().setSelector(Fixtures.selector()).setParallelism(-1).setBackoffLimit(-1)).build();
    assertThat(errors(negative)).containsExactly("spec.parallelism FieldValueInvalid", "spec.backoffLimit FieldValueInvalid");
  }

  @Test
  void servicesPortsTypesAndClusterIp() {
    Service s = Fixtures.service("default", "s");
    assertThat(errors(s.toBuilder().setSpec(s.getSpec().toBuilder().clearPorts()).build())).containsExactly("spec.ports FieldValueRequired");
    assertThat(errors(s.toBuilder().setSpec(s.getSpec().toBuilder().setPorts(0, ServicePort.newBuilder().setPort(0))).build()))
        .containsExactly("spec.ports[0].port FieldValueInvalid", "spec.ports[0].targetPort FieldValueInvalid");
    assertThat(errors(s.toBuilder().setSpec(s.getSpec().toBuilder().addPorts(ServicePort.newBuilder().setPort(443))).build()))
        .containsExactly("spec.ports[0].name FieldValueRequired", "spec.ports[1].name FieldValueRequired");
    assertThat(errors(s.toBuilder().setSpec(s.getSpec().toBuilder().setType("Magic")).build())).containsExactly("spec.type FieldValueNotSupported");
    assertThat(errors(s.toBuilder().setSpec(s.getSpec().toBuilder().setClusterIp("999.1.1.1")).build())).containsExactly("spec.clusterIP FieldValueInvalid");
    Service withIp = s.toBuilder().setSpec(s.getSpec().toBuilder().setClusterIp("10.96.0.10")).build();
    Service otherIp = s.toBuilder().setSpec(s.getSpec().toBuilder().setClusterIp("10.96.0.11")).build();
    assertThat(updateErrors(otherIp, withIp)).containsExactly("spec.clusterIP FieldValueInvalid");
  }

  @Test
  void configMapsAndSecretsKeysSizeAndImmutability() {
    ConfigMap cm = Fixtures.configMap("default", "cm");
    assertThat(errors(cm.toBuilder().putData("bad/key", "x").build())).containsExactly("data[bad/key] FieldValueInvalid");
    assertThat(errors(cm.toBuilder().putData("big", "x".repeat(1024 * 1024)).build())).containsExactly("data FieldValueTooLong");
    ConfigMap frozen = cm.toBuilder().setImmutable(true).build();
    assertThat(updateErrors(frozen.toBuilder().putData("counter", "1").build(), frozen)).containsExactly("data FieldValueForbidden");
    Secret secret = Fixtures.secret("default", "s");
    assertThat(errors(secret.toBuilder().putData("..bad", ByteString.EMPTY).build())).containsExactly("data[..bad] FieldValueInvalid");
    assertThat(errors(secret.toBuilder().setType("kubernetes.io/tls").build()))
        .containsExactly("data[tls.crt] FieldValueRequired", "data[tls.key] FieldValueRequired");
    Secret opaque = STRATEGIES.of(Kinds.SECRET).applyDefaults(secret) instanceof Secret d ? d : null;
    assertThat(updateErrors(secret.toBuilder().setType("kubernetes.io/basic-auth").putStringData("username", "u").build(), opaque))
        .contains("type FieldValueInvalid");
  }

  @Test
  void smallKinds() {
    Node node = Fixtures.node("n1");
    assertThat(errors(node.toBuilder().setSpec(node.getSpec().toBuilder().addTaints(Taint.newBuilder().setKey("k").setEffect("Sometimes"))).build()))
        .containsExactly("spec.taints[0].effect FieldValueNotSupported");
    assertThat(errors(node.toBuilder().setStatus(node.getStatus().toBuilder().putCapacity("cpu", "two")).build()))
        .containsExactly("status.capacity[cpu] FieldValueInvalid");
    Endpoints ep = Fixtures.endpoints("default", "e");
    assertThat(errors(ep.toBuilder().setSubsets(0, ep.getSubsets(0).toBuilder().setAddresses(0, EndpointAddress.newBuilder().setIp("nope"))).build()))
        .containsExactly("subsets[0].addresses[0].ip FieldValueInvalid");
    Event ev = Fixtures.event("default", "e");
    assertThat(errors(ev.toBuilder().setType("Loud").build())).containsExactly("type FieldValueNotSupported");
    Lease lease = Fixtures.lease("default", "l");
    assertThat(errors(lease.toBuilder().setSpec(lease.getSpec().toBuilder().setLeaseDurationSeconds(0)).build()))
        .containsExactly("spec.leaseDurationSeconds FieldValueInvalid");
    assertThat(errors(Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName("ok")).build())).isEmpty();
  }

  @Test
  void errorsPrintAsKubectlShowsThem() {
    assertThat(FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0").toString())
        .isEqualTo("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    assertThat(FieldError.required("spec.containers", "").toString()).isEqualTo("spec.containers: Required value");
    assertThat(FieldError.notSupported("spec.restartPolicy", "Sometimes", List.of("Always", "Never")).toString())
        .isEqualTo("spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"Never\"");
    assertThat(FieldError.duplicate("spec.containers[1].name", "web").toString()).isEqualTo("spec.containers[1].name: Duplicate value: \"web\"");
    assertThat(FieldError.tooLong("data", 1048576).toString()).isEqualTo("data: Too long: must have at most 1048576 bytes");
  }
}
