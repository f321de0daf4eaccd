package io.kava.kubelet.pod;

import static io.kava.kubelet.testing.TestPods.container;
import static io.kava.kubelet.testing.TestPods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kava.api.core.v1.EmptyDirVolumeSource;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.Pod;
import io.kava.api.core.v1.Service;
import io.kava.api.core.v1.ServicePort;
import io.kava.api.core.v1.ServiceSpec;
import io.kava.api.core.v1.Volume;
import io.kava.api.core.v1.VolumeMount;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.kubelet.runtime.ContainerConfig;
import io.kava.kubelet.testing.PodWorkerHarness;
import io.kava.kubelet.testing.TestPods;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pod worker gives every container the pod's resolv.conf and the service variables. */
class PodWorkerDnsAndEnvTest {
  private PodWorkerHarness h;

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
  }

  private ContainerConfig config(String container) {
    return h.runtime.config(h.latest(container).id());
  }

  private static List<ContainerConfig.Mount> resolvMounts(ContainerConfig config) {
    return config.mounts().stream().filter(m -> m.containerPath().equals("/etc/resolv.conf")).toList();
  }

  private static Service service(String namespace, String name, String ip, int port) {
    return Service.newBuilder().setMetadata(ObjectMeta.newBuilder().setNamespace(namespace).setName(name))
        .setSpec(ServiceSpec.newBuilder().setClusterIp(ip).addPorts(ServicePort.newBuilder().setPort(port)
            .setProtocol("TCP")))
        .build();
  }

  @Test
  void everyContainerOfThePodGetsThePodsResolvConf() throws Exception {
    h = new PodWorkerHarness(TestPods.withInit(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600"),
        container("side", "sleep", "3600")), container("init", "true")));
    h.sync();
    h.runtime.exit(h.latest("init").id(), 0);
    h.sync();

    ContainerConfig init = h.runtime.config(h.runtime.named("init").get(0).id());
    List<ContainerConfig.Mount> mounts = List.of(resolvMounts(init).get(0), resolvMounts(config("app")).get(0),
        resolvMounts(config("side")).get(0));
    assertThat(mounts).extracting(ContainerConfig.Mount::hostPath).containsOnly(mounts.get(0).hostPath());
    Path file = Path.of(mounts.get(0).hostPath());
    assertThat(file).startsWith(h.rootDir).hasFileName("resolv.conf")
        .hasContent("""
            nameserver 10.96.0.10
            search default.svc.cluster.local svc.cluster.local cluster.local corp.example
            options ndots:5""");
    assertThat(mounts.get(0).readOnly()).isFalse();
    // The sandbox resolves nothing itself and keeps Docker's file.
    assertThat(resolvMounts(h.runtime.config(h.runtime.named("POD").get(0).id()))).isEmpty();
  }

  @Test
  void aVolumeMountedAtEtcResolvConfWins() {
    Pod p = pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600").toBuilder()
        .addVolumeMounts(VolumeMount.newBuilder().setName("mine").setMountPath("/etc/resolv.conf")).build());
    h = new PodWorkerHarness(p.toBuilder().setSpec(p.getSpec().toBuilder().addVolumes(Volume.newBuilder()
        .setName("mine").setEmptyDir(EmptyDirVolumeSource.getDefaultInstance()))).build());
    h.sync();
    assertThat(resolvMounts(config("app"))).singleElement()
        .satisfies(m -> assertThat(m.hostPath()).contains("/volumes/mine"));
  }

  @Test
  void dnsPolicyNoneWritesOnlyTheDnsConfig() {
    Pod p = pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600"));
    h = new PodWorkerHarness(p.toBuilder().setSpec(p.getSpec().toBuilder().setDnsPolicy("None")
        .setDnsConfig(io.kava.api.core.v1.PodDNSConfig.newBuilder().addNameservers("192.0.2.1"))).build());
    h.sync();
    assertThat(Path.of(resolvMounts(config("app")).get(0).hostPath())).hasContent("nameserver 192.0.2.1");
  }

  @Test
  void serviceVariablesAreSetAndTheContainersOwnValuesWin() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600").toBuilder()
        .addEnv(EnvVar.newBuilder().setName("MY_NGINX_SERVICE_PORT").setValue("mine"))
        .addEnv(EnvVar.newBuilder().setName("BACKEND").setValue("$(MY_NGINX_SERVICE_HOST):80")).build()));
    h.services.add(service("default", "kubernetes", "10.96.0.1", 443));
    h.services.add(service("default", "my-nginx", "10.96.0.50", 80));
    h.services.add(service("other", "elsewhere", "10.96.0.60", 80));
    h.sync();

    assertThat(config("app").env()).contains("KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443",
        "MY_NGINX_SERVICE_HOST=10.96.0.50", "MY_NGINX_PORT=tcp://10.96.0.50:80",
        "MY_NGINX_PORT_80_TCP_ADDR=10.96.0.50", "MY_NGINX_SERVICE_PORT=mine", "BACKEND=10.96.0.50:80")
        .doesNotContain("MY_NGINX_SERVICE_PORT=80").noneMatch(e -> e.startsWith("ELSEWHERE_"));
  }

  @Test
  void aServiceCreatedLaterReachesOnlyContainersCreatedLater() {
    h = new PodWorkerHarness(pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600")));
    h.sync();
    String first = h.latest("app").id();
    h.services.add(service("default", "late", "10.96.0.70", 80));
    h.sync();
    assertThat(h.latest("app").id()).isEqualTo(first);
    assertThat(config("app").env()).noneMatch(e -> e.startsWith("LATE_"));

    h.runtime.exit(first, 1);
    h.sync();
    assertThat(config("app").env()).contains("LATE_SERVICE_HOST=10.96.0.70");
  }

  @Test
  void withoutServiceLinksOnlyTheKubernetesServiceIsSet() {
    Pod p = pod("web", PodWorkerHarness.NODE, container("app", "sleep", "3600"));
    h = new PodWorkerHarness(p.toBuilder().setSpec(p.getSpec().toBuilder().setEnableServiceLinks(false)).build());
    h.services.add(service("default", "kubernetes", "10.96.0.1", 443));
    h.services.add(service("default", "my-nginx", "10.96.0.50", 80));
    h.sync();
    assertThat(config("app").env()).contains("KUBERNETES_SERVICE_HOST=10.96.0.1")
        .noneMatch(e -> e.startsWith("MY_NGINX_"));
  }
}
