package io.kava.apiserver.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.DeploymentSpec;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.batch.v1.CronJob;
import io.kava.api.batch.v1.CronJobSpec;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobTemplateSpec;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.coordination.v1.LeaseSpec;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Valid objects of every kind, as a user would write them (no defaults, no server fields). */
public final class Fixtures {
  private Fixtures() {}

  public static ObjectMeta meta(String namespace, String name) {
    return ObjectMeta.newBuilder().setNamespace(namespace).setName(name).putLabels("app", "web").build();
  }

  public static Namespace namespace(String name) {
    return Namespace.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name)).build();
  }

  public static PodSpec podSpec() {
    return PodSpec.newBuilder().addContainers(Container.newBuilder().setName("web").setImage("nginx:1.14.2")
        .addPorts(ContainerPort.newBuilder().setContainerPort(80))).build();
  }

  public static Pod pod(String namespace, String name) {
    return Pod.newBuilder().setMetadata(meta(namespace, name)).setSpec(podSpec()).build();
  }

  public static PodTemplateSpec template() {
    return PodTemplateSpec.newBuilder().setMetadata(ObjectMeta.newBuilder().putLabels("app", "web")).setSpec(podSpec()).build();
  }

  public static LabelSelector selector() {
    return LabelSelector.newBuilder().putMatchLabels("app", "web").build();
  }

  public static Deployment deployment(String namespace, String name) {
    return Deployment.newBuilder().setMetadata(meta(namespace, name))
        .setSpec(DeploymentSpec.newBuilder().setReplicas(3).setSelector(selector()).setTemplate(template())).build();
  }

  public static ReplicaSet replicaSet(String namespace, String name) {
    return ReplicaSet.newBuilder().setMetadata(meta(namespace, name))
        .setSpec(ReplicaSetSpec.newBuilder().setReplicas(2).setSelector(selector()).setTemplate(template())).build();
  }

  public static Job job(String namespace, String name) {
    PodTemplateSpec t = template().toBuilder().setSpec(podSpec().toBuilder().setRestartPolicy("Never")).build();
    return Job.newBuilder().setMetadata(meta(namespace, name)).setSpec(JobSpec.newBuilder().setTemplate(t)).build();
  }

  public static CronJob cronJob(String namespace, String name) {
    PodTemplateSpec t = PodTemplateSpec.newBuilder().setSpec(podSpec().toBuilder().setRestartPolicy("OnFailure")).build();
    return CronJob.newBuilder().setMetadata(meta(namespace, name)).setSpec(CronJobSpec.newBuilder()
        .setSchedule("*/1 * * * *").setJobTemplate(JobTemplateSpec.newBuilder().setSpec(JobSpec.newBuilder().setTemplate(t))))
        .build();
  }

  public static Service service(String namespace, String name) {
    return Service.newBuilder().setMetadata(meta(namespace, name)).setSpec(ServiceSpec.newBuilder()
        .putSelector("app", "web").addPorts(ServicePort.newBuilder().setPort(80))).build();
  }

  public static Endpoints endpoints(String namespace, String name) {
    return Endpoints.newBuilder().setMetadata(meta(namespace, name)).addSubsets(EndpointSubset.newBuilder()
        .addAddresses(EndpointAddress.newBuilder().setIp("10.0.0.1")).addPorts(EndpointPort.newBuilder().setPort(80))).build();
  }

  public static ConfigMap configMap(String namespace, String name) {
    return ConfigMap.newBuilder().setMetadata(meta(namespace, name)).putData("counter", "0")
        .putData("text", "line 1\nline 2 with ünïcode\n").build();
  }

  public static Secret secret(String namespace, String name) {
    return Secret.newBuilder().setMetadata(meta(namespace, name))
        .putData("bin", ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 255}))
        .putStringData("password", "s3cret").build();
  }

  public static Event event(String namespace, String name) {
    return Event.newBuilder().setMetadata(meta(namespace, name)).setReason("Started").setMessage("started")
        .setType("Normal").setCount(1)
        .setInvolvedObject(ObjectReference.newBuilder().setKind("Pod").setNamespace(namespace).setName("web-0")).build();
  }

  public static Node node(String name) {
    return Node.newBuilder().setMetadata(ObjectMeta.newBuilder().setName(name).putLabels("kubernetes.io/hostname", name))
        .setSpec(NodeSpec.newBuilder())
        .setStatus(NodeStatus.newBuilder().putCapacity("cpu", "2").putCapacity("memory", "4Gi")).build();
  }

  public static Lease lease(String namespace, String name) {
    return Lease.newBuilder().setMetadata(meta(namespace, name))
        .setSpec(LeaseSpec.newBuilder().setHolderIdentity("kubelet-1").setLeaseDurationSeconds(40)).build();
  }

  /** One object of every kind; namespaced ones in the given namespace. */
  public static List<Message> everyKind(String namespace, String name) {
    return List.of(namespace(name + "-ns"), pod(namespace, name), node(name), service(namespace, name),
        endpoints(namespace, name), configMap(namespace, name), secret(namespace, name), event(namespace, name),
        replicaSet(namespace, name), deployment(namespace, name), job(namespace, name), cronJob(namespace, name), lease(namespace, name));
  }

  public static String text(ByteString bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
