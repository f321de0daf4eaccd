package io.kava.kubectl.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Service;
import io.kava.client.Kinds;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `create service TYPE NAME`: each expected YAML is what kubectl 1.32 prints for the same command line. */
class CreateServiceCommandTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void clusterIpPortsAreNamedAfterTheirPairs() {
    Result r = cli.run("create", "service", "clusterip", "x", "--tcp=80:8080,443", "--dry-run=client", "-o", "yaml");

    assertThat(r.out()).isEqualTo("""
        apiVersion: v1
        kind: Service
        metadata:
          creationTimestamp: null
          labels:
            app: x
          name: x
        spec:
          ports:
          - name: 80-8080
            port: 80
            protocol: TCP
            targetPort: 8080
          - name: "443"
            port: 443
            protocol: TCP
            targetPort: 443
          selector:
            app: x
          type: ClusterIP
        status:
          loadBalancer: {}
        """);
    assertThat(api.writes()).isEmpty();
  }

  @Test
  void nodePortHeadlessAndExternalName() {
    assertThat(cli.run("create", "svc", "nodeport", "x", "--tcp=80:http", "--node-port=30080", "--dry-run=client",
        "-o", "yaml").out()).contains("""
          ports:
          - name: 80-http
            nodePort: 30080
            port: 80
            protocol: TCP
            targetPort: http
        """).contains("  type: NodePort\n");
    assertThat(cli.run("create", "service", "clusterip", "h", "--clusterip=None", "--dry-run=client", "-o", "yaml")
        .out()).contains("""
        spec:
          clusterIP: None
          selector:
            app: h
          type: ClusterIP
        """);
    assertThat(cli.run("create", "service", "externalname", "e", "--external-name=foo.com", "--dry-run=client",
        "-o", "yaml").out()).contains("""
        spec:
          externalName: foo.com
          selector:
            app: e
          type: ExternalName
        """);
  }

  @Test
  void createsTheServiceInTheNamespace() {
    Result r = cli.run("-n", "prod", "create", "service", "nodeport", "web", "--tcp=80");

    assertThat(r.out()).isEqualTo("service/web created\n");
    Service svc = (Service) api.client().resource(Kinds.SERVICE).get("prod", "web");
    assertThat(svc.getSpec().getType()).isEqualTo("NodePort");
    assertThat(svc.getSpec().getPorts(0).getName()).isEqualTo("80");
    assertThat(cli.run("create", "service", "clusterip", "x", "--tcp=80", "--dry-run=client").out())
        .isEqualTo("service/x created (dry run)\n");
  }

  @Test
  void badInputIsOneErrorLine() {
    assertError(cli.run("create", "service", "clusterip", "x"), "error: at least one tcp port specifier must be provided");
    assertError(cli.run("create", "service", "clusterip", "x", "--tcp=abc"),
        "error: strconv.ParseUint: parsing \"abc\": invalid syntax");
    assertError(cli.run("create", "service", "clusterip", "x", "--tcp=70000"),
        "error: strconv.ParseUint: parsing \"70000\": value out of range");
    assertError(cli.run("create", "service", "clusterip", "x", "--tcp=80:0"),
        "error: must be between 1 and 65535, inclusive");
    assertError(cli.run("create", "service", "clusterip", "x", "--tcp=80:Bad_Name"),
        "error: must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    assertError(cli.run("create", "service", "externalname", "e", "--external-name=Foo_bar"),
        "error: invalid service external name Foo_bar");
    assertError(cli.run("create", "service", "clusterip", "--tcp=80"), "error: exactly one NAME is required, got 0");
    cli.run("create", "service", "clusterip", "dup", "--tcp=80");
    assertError(cli.run("create", "service", "clusterip", "dup", "--tcp=80"),
        "error: failed to create ClusterIP service: services \"dup\" already exists");
    assertThat(api.writes()).containsExactly("create services default/dup");
  }

  private static void assertError(Result r, String line) {
    assertThat(r.err()).as(r.toString()).isEqualTo(line + "\n");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).as(r.toString()).isEmpty();
  }
}
