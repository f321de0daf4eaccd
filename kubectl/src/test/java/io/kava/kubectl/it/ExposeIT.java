package io.kava.kubectl.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Service;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `kavactl expose` and `create service` against a real API server on a real etcd: the Service it builds
 * is one the server accepts, a server dry run stores nothing, and get and describe show what was stored.
 */
class ExposeIT {
  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: my-nginx
        labels:
          run: my-nginx
      spec:
        replicas: 2
        selector:
          matchLabels:
            run: my-nginx
        template:
          metadata:
            labels:
              run: my-nginx
          spec:
            containers:
            - name: my-nginx
              image: nginx:1.14.2
              ports:
              - containerPort: 80
      """;

  @TempDir
  static Path dir;
  private static Cluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = Cluster.start();
    Path file = Files.writeString(dir.resolve("my-nginx.yaml"), DEPLOYMENT);
    Result applied = cluster.kavactl().run("apply", "-f", file.toString());
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static CliRun kavactl() {
    return cluster.kavactl();
  }

  @Test
  void exposesTheDeploymentAndTheServerKeepsItsSelectorAndPorts() {
    Result exposed = kavactl().run("expose", "deployment/my-nginx");

    assertThat(exposed.out()).as(exposed.toString()).isEqualTo("service/my-nginx exposed\n");
    Service svc = Manifests.parseAs(kavactl().run("get", "svc", "my-nginx", "-o", "yaml").out(), Service.class);
    assertThat(svc.getSpec().getSelectorMap()).containsEntry("run", "my-nginx");
    assertThat(svc.getSpec().getPorts(0).getPort()).isEqualTo(80);
    assertThat(svc.getSpec().getPorts(0).getTargetPort().getIntVal()).isEqualTo(80);
    Result table = kavactl().run("get", "svc", "my-nginx");
    assertThat(table.out()).as(table.toString()).startsWith("NAME       TYPE        CLUSTER-IP   ")
        .contains("   80/TCP    ");
    Result describe = kavactl().run("describe", "svc", "my-nginx");
    assertThat(describe.out()).as(describe.toString()).contains("Selector:                 run=my-nginx\n")
        .contains("Port:                     <unset>  80/TCP\n").contains("TargetPort:               80/TCP\n");
  }

  @Test
  void aServerDryRunStoresNothing() {
    Result r = kavactl().run("expose", "deployment", "my-nginx", "--name=dry", "--port=8080", "--dry-run=server");

    assertThat(r.out()).as(r.toString()).isEqualTo("service/dry exposed (server dry run)\n");
    Result get = kavactl().run("get", "svc", "dry");
    assertThat(get.err()).isEqualTo("Error from server (NotFound): services \"dry\" not found\n");
  }

  @Test
  void createServiceNodePortIsStored() {
    Result r = kavactl().run("create", "service", "nodeport", "np", "--tcp=80:8080");

    assertThat(r.out()).as(r.toString()).isEqualTo("service/np created\n");
    Service svc = Manifests.parseAs(kavactl().run("get", "svc", "np", "-o", "json").out(), Service.class);
    assertThat(svc.getSpec().getType()).isEqualTo("NodePort");
    assertThat(svc.getSpec().getPorts(0).getName()).isEqualTo("80-8080");
  }
}
