package io.kava.kubectl.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.kubectl.CliRun;
import io.kava.kubectl.CliRun.Result;
import org.junit.jupiter.api.Test;

class ApiResourcesCommandTest {
  private final CliRun cli = new CliRun(server -> {
    throw new AssertionError("api-resources needs no connection");
  });

  @Test
  void printsEveryKindCoreGroupFirst() {
    Result r = cli.run("api-resources");

    assertThat(r.out()).startsWith("NAME                         SHORTNAMES   APIVERSION                     NAMESPACED   KIND\n"
        + "configmaps                   cm           v1                             true         ConfigMap\n");
    assertThat(r.out()).contains("\ndeployments                  deploy       apps/v1                        true         Deployment\n")
        .contains("\nnodes                        no           v1                             false        Node\n")
        .contains("\nhorizontalpodautoscalers     hpa          autoscaling/v2                 true         HorizontalPodAutoscaler\n");
    assertThat(r.out().indexOf("services   ")).isLessThan(r.out().indexOf("deployments   "));
  }

  @Test
  void namespacedWideAndName() {
    Result cluster = cli.run("api-resources", "--namespaced=false", "-o", "name");
    Result wide = cli.run("api-resources", "--api-group", "batch", "-o", "wide");

    assertThat(cluster.out()).isEqualTo("namespaces\nnodes\npersistentvolumes\ncertificatesigningrequests.certificates.k8s.io\nclusterrolebindings.rbac.authorization.k8s.io\nclusterroles.rbac.authorization.k8s.io\npriorityclasses.scheduling.k8s.io\nstorageclasses.storage.k8s.io\n");
    assertThat(wide.out()).isEqualTo("NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS\n"
        + "cronjobs   cj           batch/v1     true         CronJob   create,delete,get,list,update,watch\n"
        + "jobs                    batch/v1     true         Job       create,delete,get,list,update,watch\n");
  }

  @Test
  void apiVersionsAreSorted() {
    assertThat(cli.run("api-versions").out())
        .isEqualTo("apps/v1\nautoscaling/v2\nbatch/v1\ncertificates.k8s.io/v1\ncoordination.k8s.io/v1\ndiscovery.k8s.io/v1\nnetworking.k8s.io/v1\npolicy/v1\nrbac.authorization.k8s.io/v1\nscheduling.k8s.io/v1\nstorage.k8s.io/v1\nv1\n");
  }
}
