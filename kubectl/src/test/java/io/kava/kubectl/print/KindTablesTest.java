package io.kava.kubectl.print;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.kava.api.batch.v1.Job;
import io.kava.api.batch.v1.JobSpec;
import io.kava.api.batch.v1.JobStatus;
import io.kava.api.coordination.v1.Lease;
import io.kava.api.coordination.v1.LeaseSpec;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.ContainerState;
import io.kava.api.core.v1.ContainerStateRunning;
import io.kava.api.core.v1.ContainerStatus;
import io.kava.api.core.v1.EndpointAddress;
import io.kava.api.core.v1.EndpointPort;
import io.kava.api.core.v1.EndpointSubset;
import io.kava.api.core.v1.Endpoints;
import io.kava.api.core.v1.Event;
import io.kava.api.core.v1.Namespace;
import io.kava.api.core.v1.NamespaceStatus;
import io.kava.api.core.v1.Node;
import io.kava.api.core.v1.NodeAddress;
import io.kava.api.core.v1.NodeCondition;
import io.kava.api.core.v1.NodeSpec;
import io.kava.api.core.v1.NodeStatus;
import io.kava.api.core.v1.NodeSystemInfo;
import io.kava.api.core.v1.ObjectReference;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodIP;
import io.kava.api.core.v1.Secret;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.ServiceStatus;
import io.kava.api.core.v1.LoadBalancerIngress;
import io.kava.api.core.v1.LoadBalancerStatus;
import io.kava.api.discovery.v1.Endpoint;
import io.kava.api.discovery.v1.EndpointConditions;
import io.kava.api.discovery.v1.EndpointSlice;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.apps.v1.ReplicaSetStatus;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.Objects;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KindTablesTest {

  private static String table(Kind kind, boolean wide, boolean allNamespaces, boolean prefix, Message... objects) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TablePrinter(kind, wide, allNamespaces, prefix).print(List.of(objects), CliRun.NOW,
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Pod runningPod(String ns, String name, String node, String ip) {
    Pod p = Objects.pod(ns, name, Duration.ofSeconds(45));
    return p.toBuilder().setSpec(p.getSpec().toBuilder().setNodeName(node))
        .setStatus(p.getStatus().toBuilder().setPhase("Running").setPodIp(ip).addPodIps(PodIP.newBuilder().setIp(ip))
            .addContainerStatuses(ContainerStatus.newBuilder().setName("app").setReady(true)
                .setState(ContainerState.newBuilder().setRunning(ContainerStateRunning.getDefaultInstance()))))
        .build();
  }

  @Test
  void pods() {
    assertThat(table(Kinds.POD, false, false, false, runningPod("default", "web-0", "node-1", "10.0.0.5")))
        .isEqualTo("NAME    READY   STATUS    RESTARTS   AGE\n"
                 + "web-0   1/1     Running   0          45s\n");
  }

  @Test
  void podsWideWithAllNamespaces() {
    Pod pending = Objects.pod("team-a", "queued", Duration.ofMinutes(3).plusSeconds(2));

    assertThat(table(Kinds.POD, true, true, false, runningPod("default", "web-0", "node-1", "10.0.0.5"), pending))
        .isEqualTo(
            "NAMESPACE   NAME     READY   STATUS    RESTARTS   AGE    IP         NODE     NOMINATED NODE\n"
          + "default     web-0    1/1     Running   0          45s    10.0.0.5   node-1   <none>\n"
          + "team-a      queued   0/1     Pending   0          3m2s   <none>     <none>   <none>\n");
  }

  @Test
  void aPreemptorWaitingForItsVictimsShowsItsNominatedNode() {
    Pod queued = Objects.pod("default", "important", Duration.ofSeconds(5));
    Pod preemptor = queued.toBuilder().setStatus(queued.getStatus().toBuilder().setNominatedNodeName("node-2")).build();

    assertThat(table(Kinds.POD, true, false, false, preemptor))
        .isEqualTo("NAME        READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE\n"
                 + "important   0/1     Pending   0          5s    <none>   <none>   node-2\n");
  }

  @Test
  void deploymentsWithAndWithoutKindPrefix() {
    assertThat(table(Kinds.DEPLOYMENT, false, false, false, Objects.nginx(3, 2)))
        .isEqualTo("NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n"
                 + "nginx-deployment   2/3     3            2           3m\n");
    assertThat(table(Kinds.DEPLOYMENT, true, false, true, Objects.nginx(3, 3)))
        .isEqualTo("NAME                               READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES         SELECTOR\n"
                 + "deployment.apps/nginx-deployment   3/3     3            3           3m    nginx        nginx:1.14.2   app=nginx\n");
  }

  @Test
  void replicaSets() {
    ReplicaSet rs = ReplicaSet.newBuilder().setMetadata(Objects.meta("default", "nginx-7c5ddbdf54", Duration.ofHours(4)))
        .setSpec(ReplicaSetSpec.newBuilder().setReplicas(3).setSelector(LabelSelector.newBuilder()
            .putMatchLabels("app", "nginx")
            .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("tier").setOperator("In")
                .addValues("web").addValues("api"))))
        .setStatus(ReplicaSetStatus.newBuilder().setReplicas(3).setReadyReplicas(1))
        .build();

    assertThat(table(Kinds.REPLICA_SET, false, false, false, rs))
        .isEqualTo("NAME               DESIRED   CURRENT   READY   AGE\n"
                 + "nginx-7c5ddbdf54   3         3         1       4h\n");
    assertThat(table(Kinds.REPLICA_SET, true, false, false, rs)).contains("app=nginx,tier in (web,api)");
  }

  @Test
  void nodes() {
    Node node = Node.newBuilder().setMetadata(Objects.meta("", "node-1", Duration.ofDays(2))
            .putLabels("node-role.kubernetes.io/control-plane", ""))
        .setSpec(NodeSpec.newBuilder().setUnschedulable(true))
        .setStatus(NodeStatus.newBuilder()
            .addConditions(NodeCondition.newBuilder().setType("Ready").setStatus("True"))
            .addAddresses(NodeAddress.newBuilder().setType("InternalIP").setAddress("127.0.0.11"))
            .setNodeInfo(NodeSystemInfo.newBuilder().setKubeletVersion("v0.1.0-kava").setOsImage("Debian 12")
                .setKernelVersion("6.1.0").setContainerRuntimeVersion("docker://20.10.24")))
        .build();
    Node lost = Node.newBuilder().setMetadata(Objects.meta("", "node-2", Duration.ofHours(50))).build();

    assertThat(table(Kinds.NODE, false, true, false, node, lost))
        .isEqualTo("NAME     STATUS                     ROLES           AGE    VERSION\n"
                 + "node-1   Ready,SchedulingDisabled   control-plane   2d     v0.1.0-kava\n"
                 + "node-2   Unknown                    <none>          2d2h   \n");
    assertThat(table(Kinds.NODE, true, false, false, node)).contains("127.0.0.11    <none>        Debian 12");
  }

  private static Service service(String name, ServiceSpec.Builder spec) {
    return Service.newBuilder().setMetadata(Objects.meta("default", name, Duration.ofSeconds(5))).setSpec(spec).build();
  }

  @Test
  void servicesOfEveryType() {
    Service clusterIp = service("my-service", ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp("10.96.0.10")
        .addClusterIps("10.96.0.10").putSelector("app", "MyApp").addPorts(ServicePort.newBuilder().setPort(80).setProtocol("TCP")));
    Service nodePort = service("web", ServiceSpec.newBuilder().setType("NodePort").setClusterIp("10.96.0.11")
        .addClusterIps("10.96.0.11")
        .addPorts(ServicePort.newBuilder().setPort(80).setNodePort(30080).setProtocol("TCP"))
        .addPorts(ServicePort.newBuilder().setPort(53).setProtocol("UDP")));
    Service external = service("with-ips", ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp("10.96.0.13")
        .addExternalIps("127.0.0.20").addExternalIps("127.0.0.21").addPorts(ServicePort.newBuilder().setPort(443).setProtocol("TCP")));
    Service headless = service("db", ServiceSpec.newBuilder().setType("ClusterIP").setClusterIp("None").addClusterIps("None")
        .putSelector("app", "db"));
    Service name = service("search", ServiceSpec.newBuilder().setType("ExternalName").setExternalName("my.database.example.com"));
    Service lb = service("lb", ServiceSpec.newBuilder().setType("LoadBalancer").setClusterIp("10.96.0.12")
        .addPorts(ServicePort.newBuilder().setPort(80).setNodePort(31000).setProtocol("TCP")));

    assertThat(table(Kinds.SERVICE, false, false, false, clusterIp, nodePort, external, headless, name, lb))
        .isEqualTo("NAME         TYPE           CLUSTER-IP   EXTERNAL-IP               PORT(S)               AGE\n"
                 + "my-service   ClusterIP      10.96.0.10   <none>                    80/TCP                5s\n"
                 + "web          NodePort       10.96.0.11   <none>                    80:30080/TCP,53/UDP   5s\n"
                 + "with-ips     ClusterIP      10.96.0.13   127.0.0.20,127.0.0.21     443/TCP               5s\n"
                 + "db           ClusterIP      None         <none>                    <none>                5s\n"
                 + "search       ExternalName   <none>       my.database.example.com   <none>                5s\n"
                 + "lb           LoadBalancer   10.96.0.12   <pending>                 80:31000/TCP          5s\n");
    assertThat(table(Kinds.SERVICE, true, false, false, clusterIp, nodePort))
        .isEqualTo("NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)               AGE   SELECTOR\n"
                 + "my-service   ClusterIP   10.96.0.10   <none>        80/TCP                5s    app=MyApp\n"
                 + "web          NodePort    10.96.0.11   <none>        80:30080/TCP,53/UDP   5s    <none>\n");
  }

  @Test
  void loadBalancerAddressesAreSortedAndClippedUnlessWide() {
    Service lb = service("lb", ServiceSpec.newBuilder().setType("LoadBalancer").setClusterIp("10.96.0.12")
        .addExternalIps("127.0.0.30").addPorts(ServicePort.newBuilder().setPort(80).setNodePort(31000).setProtocol("TCP")))
        .toBuilder().setStatus(ServiceStatus.newBuilder().setLoadBalancer(LoadBalancerStatus.newBuilder()
            .addIngress(LoadBalancerIngress.newBuilder().setIp("192.0.2.200"))
            .addIngress(LoadBalancerIngress.newBuilder().setHostname("lb.example.com")))).build();

    assertThat(table(Kinds.SERVICE, false, false, false, lb)).contains("   192.0.2.200,l...,127.0.0.30   ");
    assertThat(table(Kinds.SERVICE, true, false, false, lb)).contains("   192.0.2.200,lb.example.com,127.0.0.30   ");
  }

  @Test
  void namespacesConfigMapsSecrets() {
    Namespace ns = Namespace.newBuilder().setMetadata(Objects.meta("", "default", Duration.ofDays(3)))
        .setStatus(NamespaceStatus.newBuilder().setPhase("Active")).build();
    ConfigMap cm = ConfigMap.newBuilder().setMetadata(Objects.meta("default", "game-demo", Duration.ofSeconds(9)))
        .putData("a", "1").putData("b", "2").putBinaryData("c", ByteString.copyFromUtf8("x")).build();
    Secret secret = Secret.newBuilder().setMetadata(Objects.meta("default", "mysecret", Duration.ofSeconds(9)))
        .setType("Opaque").putData("username", ByteString.copyFromUtf8("admin")).build();

    assertThat(table(Kinds.NAMESPACE, false, false, false, ns)).isEqualTo("NAME      STATUS   AGE\ndefault   Active   3d\n");
    assertThat(table(Kinds.CONFIG_MAP, false, false, false, cm)).isEqualTo("NAME        DATA   AGE\ngame-demo   3      9s\n");
    assertThat(table(Kinds.SECRET, false, false, false, secret))
        .isEqualTo("NAME       TYPE     DATA   AGE\nmysecret   Opaque   1      9s\n");
  }

  @Test
  void serviceAccountsAsKubectlPrintsThem() {
    var sa = io.kava.api.core.v1.ServiceAccount.newBuilder().setMetadata(Objects.meta("default", "default", Duration.ofMinutes(5)))
        .build();
    var builder = io.kava.api.core.v1.ServiceAccount.newBuilder().setMetadata(Objects.meta("default", "builder",
        Duration.ofSeconds(9))).addSecrets(io.kava.api.core.v1.ObjectReference.newBuilder().setName("builder-token"))
        .build();
    assertThat(table(Kinds.SERVICE_ACCOUNT, false, false, false, sa, builder))
        .isEqualTo("NAME      SECRETS   AGE\ndefault   0         5m\nbuilder   1         9s\n");
  }

  @Test
  void endpointsShowAtMostThreeAddresses() {
    EndpointSubset subset = EndpointSubset.newBuilder()
        .addAddresses(EndpointAddress.newBuilder().setIp("10.0.0.1"))
        .addAddresses(EndpointAddress.newBuilder().setIp("10.0.0.2"))
        .addAddresses(EndpointAddress.newBuilder().setIp("10.0.0.3"))
        .addAddresses(EndpointAddress.newBuilder().setIp("10.0.0.4"))
        .addNotReadyAddresses(EndpointAddress.newBuilder().setIp("10.0.0.9"))
        .addPorts(EndpointPort.newBuilder().setPort(80)).build();
    Endpoints many = Endpoints.newBuilder().setMetadata(Objects.meta("default", "web", Duration.ofSeconds(3)))
        .addSubsets(subset).build();
    Endpoints twoPorts = Endpoints.newBuilder().setMetadata(Objects.meta("default", "two", Duration.ofSeconds(3)))
        .addSubsets(EndpointSubset.newBuilder().addAddresses(EndpointAddress.newBuilder().setIp("10.0.0.1"))
            .addPorts(EndpointPort.newBuilder().setName("http").setPort(80))
            .addPorts(EndpointPort.newBuilder().setName("https").setPort(443))).build();
    Endpoints headless = Endpoints.newBuilder().setMetadata(Objects.meta("default", "headless", Duration.ofSeconds(3)))
        .addSubsets(EndpointSubset.newBuilder().addAddresses(EndpointAddress.newBuilder().setIp("fd00::1"))).build();
    Endpoints unready = Endpoints.newBuilder().setMetadata(Objects.meta("default", "unready", Duration.ofSeconds(3)))
        .addSubsets(EndpointSubset.newBuilder().addNotReadyAddresses(EndpointAddress.newBuilder().setIp("10.0.0.9"))
            .addPorts(EndpointPort.newBuilder().setPort(80))).build();
    Endpoints none = Endpoints.newBuilder().setMetadata(Objects.meta("default", "empty", Duration.ofSeconds(3))).build();

    assertThat(table(Kinds.ENDPOINTS, false, false, false, many, twoPorts, headless, unready, none))
        .isEqualTo("NAME       ENDPOINTS                                         AGE\n"
                 + "web        10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...   3s\n"
                 + "two        10.0.0.1:80,10.0.0.1:443                          3s\n"
                 + "headless   fd00::1                                           3s\n"
                 + "unready                                                      3s\n"
                 + "empty      <none>                                            3s\n");
  }

  @Test
  void endpointSlicesShowAddressTypePortsAndEveryAddress() {
    EndpointSlice.Builder web = EndpointSlice.newBuilder()
        .setMetadata(Objects.meta("default", "web-abcde", Duration.ofMinutes(2))).setAddressType("IPv4")
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setName("http").setPort(80).setProtocol("TCP"))
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setName("https").setPort(443).setProtocol("TCP"));
    for (int i = 1; i <= 4; i++) {
      web.addEndpoints(Endpoint.newBuilder().addAddresses("10.1.2." + i)
          .setConditions(EndpointConditions.newBuilder().setReady(i != 4)));
    }
    EndpointSlice manyPorts = EndpointSlice.newBuilder()
        .setMetadata(Objects.meta("default", "many-xyz", Duration.ofMinutes(2))).setAddressType("IPv4")
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setPort(1))
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setName("named"))
        .addPorts(io.kava.api.discovery.v1.EndpointPort.getDefaultInstance())
        .addPorts(io.kava.api.discovery.v1.EndpointPort.newBuilder().setPort(4))
        .addEndpoints(Endpoint.newBuilder().addAddresses("10.1.3.1")).build();
    EndpointSlice empty = EndpointSlice.newBuilder()
        .setMetadata(Objects.meta("default", "empty-q", Duration.ofMinutes(2))).setAddressType("IPv6").build();

    assertThat(table(Kinds.ENDPOINT_SLICE, false, false, false, web.build(), manyPorts, empty))
        .isEqualTo("NAME        ADDRESSTYPE   PORTS                   ENDPOINTS                                AGE\n"
                 + "web-abcde   IPv4          80,443                  10.1.2.1,10.1.2.2,10.1.2.3 + 1 more...   2m\n"
                 + "many-xyz    IPv4          1,named,* + 1 more...   10.1.3.1                                 2m\n"
                 + "empty-q     IPv6          <unset>                 <unset>                                  2m\n");
  }

  @Test
  void eventsShowRepeatsAndTheirObject() {
    Event e = Event.newBuilder().setMetadata(Objects.meta("default", "web-0.17a", Duration.ofMinutes(10)))
        .setInvolvedObject(ObjectReference.newBuilder().setKind("Pod").setName("web-0"))
        .setType("Warning").setReason("BackOff").setMessage("Back-off restarting failed container ")
        .setFirstTimestamp(Objects.ago(Duration.ofMinutes(10))).setLastTimestamp(Objects.ago(Duration.ofSeconds(30)))
        .setCount(3).build();

    assertThat(table(Kinds.EVENT, false, false, false, e))
        .isEqualTo("LAST SEEN           TYPE      REASON    OBJECT      MESSAGE\n"
                 + "30s (x3 over 10m)   Warning   BackOff   pod/web-0   Back-off restarting failed container\n");
  }

  @Test
  void jobsAndLeases() {
    Job running = Job.newBuilder().setMetadata(Objects.meta("default", "pi", Duration.ofMinutes(2)))
        .setSpec(JobSpec.newBuilder().setCompletions(3))
        .setStatus(JobStatus.newBuilder().setSucceeded(1).setStartTime(Objects.ago(Duration.ofSeconds(100)))).build();
    Job done = Job.newBuilder().setMetadata(Objects.meta("default", "once", Duration.ofMinutes(2)))
        .setStatus(JobStatus.newBuilder().setSucceeded(1).setStartTime(Objects.ago(Duration.ofSeconds(100)))
            .setCompletionTime(Objects.ago(Duration.ofSeconds(90)))).build();
    Lease lease = Lease.newBuilder().setMetadata(Objects.meta("kube-system", "kava-scheduler", Duration.ofHours(1)))
        .setSpec(LeaseSpec.newBuilder().setHolderIdentity("host_1234")).build();

    assertThat(table(Kinds.JOB, false, false, false, running, done))
        .isEqualTo("NAME   STATUS    COMPLETIONS   DURATION   AGE\n"
                 + "pi     Running   1/3           100s       2m\n"
                 + "once   Running   1/1           10s        2m\n");
    assertThat(table(Kinds.LEASE, false, false, false, lease))
        .isEqualTo("NAME             HOLDER      AGE\nkava-scheduler   host_1234   60m\n");
  }

  @Test
  void jobStatusAndCronJobs() {
    Job failed = Job.newBuilder().setMetadata(Objects.meta("default", "bad", Duration.ofMinutes(2)))
        .setSpec(JobSpec.newBuilder().setCompletions(1))
        .setStatus(JobStatus.newBuilder().setFailed(7).addConditions(io.kava.api.batch.v1.JobCondition.newBuilder()
            .setType("Failed").setStatus("True"))).build();
    io.kava.api.batch.v1.CronJob cj = io.kava.api.batch.v1.CronJob.newBuilder()
        .setMetadata(Objects.meta("default", "hello", Duration.ofMinutes(5)))
        .setSpec(io.kava.api.batch.v1.CronJobSpec.newBuilder().setSchedule("*/1 * * * *").setSuspend(false))
        .setStatus(io.kava.api.batch.v1.CronJobStatus.newBuilder().addActive(ObjectReference.newBuilder().setName("hello-1"))
            .setLastScheduleTime(Objects.ago(Duration.ofSeconds(30)))).build();

    assertThat(table(Kinds.JOB, false, false, false, failed))
        .isEqualTo("NAME   STATUS   COMPLETIONS   DURATION   AGE\n"
                 + "bad    Failed   0/1                      2m\n");
    assertThat(table(Kinds.CRON_JOB, false, false, false, cj))
        .isEqualTo("NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
                 + "hello   */1 * * * *   <none>     False     1        30s             5m\n");
  }
}
