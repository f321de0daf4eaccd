package io.kava.kubectl.get;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.Service;
import io.kava.client.testing.FakeApi;
import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import io.kava.kubectl.NetworkObjects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `get svc`, `get ep` and `get endpointslices` through the command line, against the fake API server. */
class GetServicesTest {
  private final FakeApi api = new FakeApi();
  private final CliRun cli = new CliRun(server -> api.client());

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void servicesByEveryNameKubectlTakes() {
    api.seed(NetworkObjects.myNginx());
    String table = "NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
                 + "my-nginx   ClusterIP   10.96.0.42   <none>        80/TCP    5m\n";

    for (String name : new String[] {"svc", "services", "service", "Service"}) {
      Result r = cli.run("get", name);
      assertThat(r.out()).as(name).isEqualTo(table);
      assertThat(r.exitCode()).isZero();
    }
    assertThat(cli.run("get", "svc", "-o", "wide").out())
        .isEqualTo("NAME       TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR\n"
                 + "my-nginx   ClusterIP   10.96.0.42   <none>        80/TCP    5m    run=my-nginx\n");
    assertThat(cli.run("get", "svc/my-nginx", "-o", "name").out()).isEqualTo("service/my-nginx\n");
  }

  @Test
  void aNodePortServiceShowsBothPorts() {
    Service s = NetworkObjects.myNginx();
    api.seed(s.toBuilder().setSpec(s.getSpec().toBuilder().setType("NodePort")
        .setPorts(0, s.getSpec().getPorts(0).toBuilder().setNodePort(30080))).build());

    assertThat(cli.run("get", "svc", "my-nginx").out())
        .isEqualTo("NAME       TYPE       CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE\n"
                 + "my-nginx   NodePort   10.96.0.42   <none>        80:30080/TCP   5m\n");
  }

  @Test
  void endpointsShowTheReadyAddresses() {
    api.seed(NetworkObjects.myNginxEndpoints());

    assertThat(cli.run("get", "ep").out()).isEqualTo("NAME       ENDPOINTS                 AGE\n"
                                                   + "my-nginx   10.1.2.3:80,10.1.2.4:80   5m\n");
    assertThat(cli.run("get", "endpoints", "my-nginx").out()).isEqualTo(cli.run("get", "ep").out());
  }

  @Test
  void endpointSlicesByEveryNameKubectlTakes() {
    api.seed(NetworkObjects.myNginxSlice());
    String table = "NAME             ADDRESSTYPE   PORTS   ENDPOINTS                    AGE\n"
                 + "my-nginx-x7k2p   IPv4          80      10.1.2.3,10.1.2.4,10.1.2.5   5m\n";

    for (String name : new String[] {"endpointslices", "endpointslice", "endpointslices.discovery.k8s.io",
        "endpointslice.discovery.k8s.io", "EndpointSlice"}) {
      assertThat(cli.run("get", name).out()).as(name).isEqualTo(table);
    }
    assertThat(cli.run("get", "endpointslices", "-o", "name").out())
        .isEqualTo("endpointslice.discovery.k8s.io/my-nginx-x7k2p\n");
    // upstream has no short name for endpointslices
    assertThat(cli.run("get", "eps").err()).isEqualTo("error: the server doesn't have a resource type \"eps\"\n");
  }

  @Test
  void noServicesSaysSo() {
    Result r = cli.run("get", "svc");

    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("No resources found in default namespace.\n");
  }
}
