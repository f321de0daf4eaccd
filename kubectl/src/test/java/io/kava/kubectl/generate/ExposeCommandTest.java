package io.kava.kubectl.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.apps.v1.Deployment;
import io.kava.api.apps.v1.ReplicaSet;
import io.kava.api.apps.v1.ReplicaSetSpec;
import io.kava.api.core.v1.Container;
import io.kava.api.core.v1.ContainerPort;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.PodSpec;
import io.kava.api.core.v1.PodTemplateSpec;
import io.kava.api.core.v1.Service;
import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.client.Kinds;
import io.kava.client.codec.Manifests;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.Objects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExposeCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  /** A pod serving http on 80 and metrics on 9090/UDP, labelled run=web. */
  private static Pod twoPortPod() {
    Pod p = Objects.pod("default", "web", Duration.ofMinutes(1));
    return p.toBuilder().setMetadata(p.getMetadata().toBuilder().putLabels("run", "web"))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("app").setImage("nginx")
            .addPorts(ContainerPort.newBuilder().setName("http").setContainerPort(80))
            .addPorts(ContainerPort.newBuilder().setName("metrics").setContainerPort(9090).setProtocol("UDP"))))
        .build();
  }

  @Test
  void exposesADeploymentOnItsOnlyContainerPortWithItsSelectorAndLabels() {
    api.seed(Objects.nginx(2, 2));

    Result r = cli.run("expose", "deployment", "nginx-deployment", "--port=80", "--target-port=8080");

    assertThat(r.out()).isEqualTo("service/nginx-deployment exposed\n");
    assertThat(r.exitCode()).isZero();
    Service svc = (Service) api.client().resource(Kinds.SERVICE).get("default", "nginx-deployment");
    assertThat(Manifests.toYaml(svc.toBuilder().setMetadata(svc.getMetadata().toBuilder().clearResourceVersion()
        .clearUid().clearCreationTimestamp()).build()))
        .isEqualTo("""
            apiVersion: v1
            kind: Service
            metadata:
              name: nginx-deployment
              namespace: default
              labels:
                app: nginx
            spec:
              ports:
              - protocol: TCP
                port: 80
                targetPort: 8080
              selector:
                app: nginx
            """);
  }

  @Test
  void clientDryRunPrintsWhatKubectlPrintsAndCreatesNothing() {
    api.seed(Objects.nginx(2, 2));

    Result r = cli.run("expose", "deployment/nginx-deployment", "--dry-run=client", "-o", "yaml");

    // upstream's `kubectl expose deployment nginx-deployment --dry-run=client -o yaml`, byte for byte
    assertThat(r.out()).isEqualTo("""
        apiVersion: v1
        kind: Service
        metadata:
          creationTimestamp: null
          labels:
            app: nginx
          name: nginx-deployment
        spec:
          ports:
          - port: 80
            protocol: TCP
            targetPort: 80
          selector:
            app: nginx
        status:
          loadBalancer: {}
        """);
    assertThat(api.writes()).isEmpty();
    assertThat(cli.run("expose", "deploy", "nginx-deployment", "--dry-run=client", "--name=web", "--type=NodePort").out())
        .isEqualTo("service/web exposed (dry run)\n");
  }

  @Test
  void aPodIsSelectedByItsLabelsAndSeveralPortsAreNamed() {
    api.seed(twoPortPod());

    Result r = cli.run("expose", "pod", "web", "--dry-run=client", "-o", "yaml");

    assertThat(r.out()).isEqualTo("""
        apiVersion: v1
        kind: Service
        metadata:
          creationTimestamp: null
          labels:
            run: web
          name: web
        spec:
          ports:
          - name: port-1
            port: 80
            protocol: TCP
            targetPort: 80
          - name: port-2
            port: 9090
            protocol: UDP
            targetPort: 9090
          selector:
            run: web
        status:
          loadBalancer: {}
        """);
  }

  @Test
  void flagsSetTypeProtocolSelectorLabelsClusterIpAndExternalIp() {
    api.seed(twoPortPod());

    Result r = cli.run("-n", "default", "expose", "po/web", "--port=8080", "--target-port=http", "--protocol=UDP",
        "--type=NodePort", "--selector=app=web,tier=front", "--labels=team=a", "--cluster-ip=10.96.0.50",
        "--external-ip=127.0.0.20", "--name=front", "--session-affinity=ClientIP", "--dry-run=client", "-o", "yaml");

    assertThat(r.out()).isEqualTo("""
        apiVersion: v1
        kind: Service
        metadata:
          creationTimestamp: null
          labels:
            team: a
          name: front
          namespace: default
        spec:
          clusterIP: 10.96.0.50
          externalIPs:
          - 127.0.0.20
          ports:
          - port: 8080
            protocol: UDP
            targetPort: http
          selector:
            app: web
            tier: front
          sessionAffinity: ClientIP
          type: NodePort
        status:
          loadBalancer: {}
        """);
  }

  @Test
  void oneContainerPortServedOverTwoProtocolsGetsAServicePortForEach() {
    Pod dns = Objects.pod("default", "dns", Duration.ofMinutes(1));
    dns = dns.toBuilder().setMetadata(dns.getMetadata().toBuilder().putLabels("k8s-app", "dns"))
        .setSpec(PodSpec.newBuilder().addContainers(Container.newBuilder().setName("dns").setImage("dns")
            .addPorts(ContainerPort.newBuilder().setContainerPort(53).setProtocol("UDP"))
            .addPorts(ContainerPort.newBuilder().setContainerPort(53).setProtocol("TCP"))))
        .build();
    api.seed(dns);

    Result r = cli.run("expose", "pod", "dns", "--cluster-ip=None", "--dry-run=client", "-o", "yaml");

    assertThat(r.out()).contains("""
        spec:
          clusterIP: None
          ports:
          - name: port-1-udp
            port: 53
            protocol: UDP
            targetPort: 53
          - name: port-1-tcp
            port: 53
            protocol: TCP
            targetPort: 53
          selector:
            k8s-app: dns
        """);
  }

  @Test
  void aReplicaSetAndAServiceCanBeExposedToo() {
    Deployment d = Objects.nginx(1, 1);
    api.seed(ReplicaSet.newBuilder().setApiVersion("apps/v1").setKind("ReplicaSet")
        .setMetadata(Objects.meta("default", "nginx-abc", Duration.ofMinutes(1)))
        .setSpec(ReplicaSetSpec.newBuilder().setSelector(d.getSpec().getSelector()).setTemplate(d.getSpec().getTemplate()))
        .build());
    api.seed(d);
    cli.run("expose", "deployment", "nginx-deployment", "--port=80");

    Result rs = cli.run("expose", "rs", "nginx-abc", "--port=81");
    Result svc = cli.run("expose", "svc", "nginx-deployment", "--port=443", "--target-port=8443", "--name=nginx-https");

    assertThat(rs.out()).isEqualTo("service/nginx-abc exposed\n");
    assertThat(svc.out()).isEqualTo("service/nginx-https exposed\n");
    Service https = (Service) api.client().resource(Kinds.SERVICE).get("default", "nginx-https");
    assertThat(https.getSpec().getSelectorMap()).containsExactlyEntriesOf(java.util.Map.of("app", "nginx"));
    assertThat(https.getSpec().getPorts(0).getTargetPort().getIntVal()).isEqualTo(8443);
  }

  @Test
  void badInputIsOneErrorLineAndCreatesNothing() {
    Pod bare = Objects.pod("default", "bare", Duration.ofMinutes(1));
    api.seed(bare);
    Pod labelled = bare.toBuilder().setMetadata(bare.getMetadata().toBuilder().setName("labelled").putLabels("a", "b"))
        .build();
    api.seed(labelled);
    Deployment d = Objects.nginx(1, 1);
    api.seed(d.toBuilder().setMetadata(d.getMetadata().toBuilder().setName("expr"))
        .setSpec(d.getSpec().toBuilder().setSelector(LabelSelector.newBuilder().putMatchLabels("app", "nginx")
            .addMatchExpressions(LabelSelectorRequirement.newBuilder().setKey("tier").setOperator("In")
                .addValues("front").addValues("back"))))
        .build());
    api.seed(io.kava.api.core.v1.ConfigMap.newBuilder().setApiVersion("v1").setKind("ConfigMap")
        .setMetadata(ObjectMeta.newBuilder().setNamespace("default").setName("cm")).build());

    assertError(cli.run("expose", "pod", "labelled"), "error: couldn't find port via --port flag or introspection");
    assertError(cli.run("expose", "pod", "bare", "--port=80"),
        "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed");
    assertError(cli.run("expose", "deployment", "expr", "--port=80"),
        "error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - "
            + "\"[{Key:tier Operator:In Values:[front back]}]\" to map-based selector format");
    assertError(cli.run("expose", "pod", "labelled", "--port=80", "--type=Foo"),
        "The Service \"labelled\" is invalid: spec.type: Unsupported value: \"Foo\": supported values: "
            + "\"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    assertError(cli.run("expose", "pod", "labelled", "--port=70000", "--protocol=tcp"),
        "The Service \"labelled\" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, "
            + "inclusive, spec.ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\", "
            + "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]");
    assertError(cli.run("expose", "pod", "labelled", "--port=80", "--name=My_Svc", "--target-port=Bad_Name"),
        "The Service \"My_Svc\" is invalid: [metadata.name: Invalid value: \"My_Svc\": a DNS-1035 label must consist "
            + "of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an "
            + "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
            + "'[a-z]([-a-z0-9]*[a-z0-9])?'), spec.ports[0].targetPort: Invalid value: \"Bad_Name\": must contain only "
            + "alpha-numeric characters (a-z, 0-9), and hyphens (-)]");
    assertError(cli.run("expose", "pod", "labelled", "--port=http"),
        "error: strconv.Atoi: parsing \"http\": invalid syntax");
    assertError(cli.run("expose", "pod", "labelled", "--port=80", "--selector=app"), "error: unexpected label spec: app");
    assertError(cli.run("expose", "pod", "labelled", "--port=80", "--session-affinity=Sticky"),
        "error: unknown session affinity: Sticky");
    assertError(cli.run("expose", "configmap", "cm", "--port=80"), "error: cannot expose a ConfigMap");
    assertError(cli.run("expose", "deployment", "missing", "--port=80"),
        "Error from server (NotFound): deployments.apps \"missing\" not found");
    assertError(cli.run("expose", "deployment"), "error: resource(s) were provided, but no name was specified");
    assertError(cli.run("expose"), "error: You must provide one or more resources by argument or filename.");
    assertError(cli.run("expose", "pod", "labelled", "--port=80", "--dry-run=maybe"),
        "error: Invalid dry-run value (maybe). Must be \"none\", \"server\", or \"client\".");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void aBareDryRunIsClientWithKubectlsWarningAndLeavesTheNextWordAnArgument() {
    api.seed(Objects.nginx(1, 1));

    Result r = cli.run("expose", "--dry-run", "deployment", "nginx-deployment");

    assertThat(r.out()).isEqualTo("service/nginx-deployment exposed (dry run)\n");
    assertThat(r.err()).isEqualTo("warning: --dry-run is deprecated and can be replaced with --dry-run=client.\n");
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void objectsOfAManifestAreExposedAsWritten(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("web.yaml"), Manifests.toYaml(twoPortPod()));

    Result r = cli.run("expose", "-f", file.toString(), "--port=8080", "--name=from-file");
    Result both = cli.run("expose", "-f", file.toString(), "pod", "web");

    assertThat(r.out()).as(r.toString()).isEqualTo("service/from-file exposed\n");
    Service svc = (Service) api.client().resource(Kinds.SERVICE).get("default", "from-file");
    assertThat(svc.getSpec().getSelectorMap()).containsExactlyEntriesOf(java.util.Map.of("run", "web"));
    assertError(both, "error: when paths, URLs, or stdin is provided as input, you may not specify resource "
        + "arguments as well");
  }

  @Test
  void anExistingServiceIsAlreadyExists() {
    api.seed(Objects.nginx(1, 1));
    cli.run("expose", "deployment", "nginx-deployment", "--port=80");

    Result again = cli.run("expose", "deployment", "nginx-deployment", "--port=80");

    assertError(again, "Error from server (AlreadyExists): services \"nginx-deployment\" already exists");
  }

  private static void assertError(Result r, String line) {
    assertThat(r.err()).as(r.toString()).isEqualTo(line + "\n");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).as(r.toString()).isEmpty();
  }
}
